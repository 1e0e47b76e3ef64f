import { JWT_REFUSAL_BODY, JWT_REFUSAL_CONTENT_TYPE, JWT_REFUSAL_STATUS } from '../src/jwt-refusal.js';
import { pathPatternSource } from '../src/path-pattern.js';
import { describeRule, requiresJwt, rulesByPriority, topology, type Topology } from '../src/topology.js';

export interface NginxConfigOptions {
  readonly listenPort: number;
  /** `host:port` of each target group's targets. */
  readonly upstreams: { readonly api: readonly string[]; readonly 'delete-fn': readonly string[] };
  /** Runs nginx unprivileged out of one folder (tests); absent for the Compose image's defaults. */
  readonly prefix?: string;
  /**
   * Where nginx sends its JSON access log besides stdout, e.g. `syslog:server=console:5140`: the
   * local console reads the matched rule of each request from it (Compose has no router span).
   */
  readonly accessLogTo?: string;
  /** Writes the JSON access log to this file instead of stdout (tests read it). */
  readonly accessLogFile?: string;
  readonly topology?: Topology;
  /**
   * With auth on (AUTH=jwt): `host:port` of the verifier (infra/local/auth/auth-server.ts) that the
   * rules marked `jwt` ask through `auth_request` before they forward. Every rule is open without it.
   */
  readonly jwtVerifier?: string;
}

/** The UDP port the local console takes nginx's access log on, as syslog (Compose). */
export const CONSOLE_ACCESS_LOG_PORT = 5140;

/** nginx upstream names cannot hold `-`. */
const upstreamName = (group: string) => group.replace(/-/g, '_');

/**
 * Renders the nginx config that stands in for the ALB under Compose, from the topology: one `map`
 * over "method path" whose regex entries nginx checks in order of appearance, which is the rules'
 * priority order, so the first matching rule picks the target group as on ALB; the listener's
 * fixed response when none matches; X-Forwarded-* and X-Amzn-Trace-Id as ALB sets them.
 */
export function renderNginxConfig(options: NginxConfigOptions): string {
  const source = options.topology ?? topology;
  const { prefix } = options;
  const ruleMatches = (value: (rule: (typeof source.listener.rules)[number]) => string) =>
    rulesByPriority(source.listener.rules).flatMap((rule) => {
      const methods = rule.conditions.methods ? `(${rule.conditions.methods.join('|')})` : '[A-Z]+';
      return rule.conditions.paths.map(
        (path) => `    "~^${methods} ${pathPatternSource(path)}$" ${value(rule)};  # priority ${rule.priority}`,
      );
    });
  const ruleLines = ruleMatches((rule) => upstreamName(rule.targetGroup));
  // No priority comment here: those mark the routing map's entries (a test counts them).
  const ruleNames = ruleMatches((rule) => `"${describeRule(rule)}"`).map((line) => line.replace(/ {2}# priority \d+$/, ''));
  const accessLogs =
    prefix && !options.accessLogFile
      ? ['  access_log off;']
      : [
          `  access_log ${options.accessLogFile ?? '/dev/stdout'} picus_json;`,
          ...(options.accessLogTo ? [`  access_log ${options.accessLogTo} picus_json;`] : []),
        ];
  const upstreams = Object.entries(options.upstreams).map(
    ([group, servers]) =>
      `  upstream ${upstreamName(group)} {\n${servers.map((server) => `    server ${server};`).join('\n')}\n    keepalive 32;\n  }`,
  );
  const fixed = source.listener.defaultAction;
  const jwt = options.jwtVerifier
    ? jwtBlocks(
        options.jwtVerifier,
        ruleMatches((rule) => (requiresJwt(rule) ? 'jwt' : '""')),
      )
    : undefined;
  // The container runs nginx unprivileged (nginxinc/nginx-unprivileged): pid and temp files go where
  // a non-root user may write, /tmp there and the test's own folder when a prefix is given.
  const writable = prefix ?? '/tmp';
  const runtime = [`pid ${writable}/nginx.pid;`, prefix ? `error_log ${prefix}/error.log warn;` : 'error_log /dev/stderr warn;'];
  const httpRuntime = ['client_body_temp_path', 'proxy_temp_path', 'fastcgi_temp_path', 'uwsgi_temp_path', 'scgi_temp_path'].map(
    (name) => `  ${name} ${writable}/${name.replace('_path', '')};`,
  );

  return `# Generated from infra/src/topology.ts by \`npm run generate:nginx -w @picus/infra\`. Do not edit: a test fails when it drifts.
# The ALB stand-in for Docker Compose. The embedded stack runs infra/local/alb/alb-emulator.ts instead.
worker_processes 1;
${runtime.join('\n')}

events {
  worker_connections 1024;
}

http {
  # One JSON line per request, with the house log fields (service, requestId) and the listener rule
  # that matched, named as the ALB emulator names it: \`make logs\` and the local console read it.
  log_format picus_json escape=json '{"time":"$time_iso8601","level":"info","service":"router","requestId":"$picus_request_id","method":"$request_method","path":"$uri","status":$status,"rule":"$picus_rule","targetGroup":"$picus_target_group","target":"$upstream_addr","durationS":$request_time,"traceHeader":"$picus_trace_id","msg":"request"}';
${accessLogs.join('\n')}
${httpRuntime.join('\n')}${httpRuntime.length ? '\n' : ''}  server_tokens off;
  # ALB's idle timeout, and its 1 MB Lambda limit is enforced by the Lambda host behind us.
  keepalive_timeout ${source.listener.idleTimeoutSeconds}s;
  client_max_body_size 10m;

${upstreams.join('\n\n')}

  # Listener rules, in priority order: the first matching regex picks the target group.
  map "$request_method $uri" $picus_target_group {
    default "";
${ruleLines.join('\n')}
  }

  # The rule's name, for the access log: the same regexes in the same order as the map above.
  map "$request_method $uri" $picus_rule {
    default "default";
${ruleNames.join('\n')}
  }

${jwt ? `${jwt.http}\n\n` : ''}  # X-Amzn-Trace-Id: keep the caller's, else a new Root=1-<8 hex>-<24 hex> from the request id.
  map $request_id $picus_new_trace_id {
    "~^(?<stamp>.{8})(?<random>.{24})$" "Root=1-$stamp-$random";
  }
  map $http_x_amzn_trace_id $picus_trace_id {
    "" $picus_new_trace_id;
    default $http_x_amzn_trace_id;
  }

  # The request id the handlers answer with: the caller's x-request-id, else the trace header's root.
  map $picus_trace_id $picus_trace_root {
    "~Root=(?<root>[\\w-]+)" $root;
    default "";
  }
  map $http_x_request_id $picus_request_id {
    "" $picus_trace_root;
    default $http_x_request_id;
  }

  server {
    listen ${options.listenPort};
    default_type ${fixed.contentType};

    location / {
      if ($picus_target_group = "") {
        return ${fixed.statusCode} '${fixed.body.replace(/'/g, "\\'")}';
      }
${jwt ? `${jwt.location}\n` : ''}      proxy_pass http://$picus_target_group;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Port $server_port;
      proxy_set_header X-Amzn-Trace-Id $picus_trace_id;
      proxy_read_timeout ${source.listener.idleTimeoutSeconds}s;
      # ALB does not retry a request on another target.
      proxy_next_upstream off;
    }
${jwt ? `${jwt.server}\n` : ''}  }
}
`;
}

/**
 * ALB's jwt-validation before forward, in nginx: a map marks the rules that verify a JWT (the same
 * regexes in the same order as the routing map); those ask the verifier through `auth_request`,
 * which passes the Authorization header on and, on a 401, copies the verifier's WWW-Authenticate
 * challenge to the answer; the refusal's page is the emulator's. The rule is copied into a variable first: a subrequest sees its parent's
 * variables, but a map over `$uri` would read the subrequest's own URI.
 */
function jwtBlocks(verifier: string, ruleLines: string[]): { http: string; location: string; server: string } {
  const nginxString = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r/g, '\\r').replace(/\n/g, '\\n')}"`;
  return {
    http: [
      "  # Listener rules that verify a JWT first (ALB's jwt-validation action): the routing map's regexes, in its order.",
      '  map "$request_method $uri" $picus_rule_auth {',
      '    default "";',
      ...ruleLines.map((line) => line.replace(/ {2}# priority \d+$/, '')),
      '  }',
      '',
      '  upstream picus_jwt_verifier {',
      `    server ${verifier};`,
      '    keepalive 8;',
      '  }',
    ].join('\n'),
    location: [
      '      set $picus_jwt $picus_rule_auth;',
      '      auth_request /_picus_jwt;',
      '      error_page 401 = @picus_jwt_refused;',
    ].join('\n'),
    server: [
      '',
      '    location = /_picus_jwt {',
      '      internal;',
      '      if ($picus_jwt = "") {',
      '        return 204;',
      '      }',
      '      proxy_pass http://picus_jwt_verifier/verify;',
      '      proxy_pass_request_body off;',
      '      proxy_set_header Content-Length "";',
      '      proxy_http_version 1.1;',
      '      proxy_set_header Connection "";',
      '    }',
      '',
      '    location @picus_jwt_refused {',
      `      default_type ${JWT_REFUSAL_CONTENT_TYPE};`,
      `      return ${JWT_REFUSAL_STATUS} ${nginxString(JWT_REFUSAL_BODY)};`,
      '    }',
    ].join('\n'),
  };
}

/** The port of the Compose `auth` service (infra/local/auth/verifier-main.ts), which nginx asks under AUTH=jwt. */
export const COMPOSE_VERIFIER = 'auth:8100';

/**
 * The config Compose mounts: targets are the Compose services, on the topology's ports; access log to
 * the console too. With `jwt`, the `jwt` rules ask the `auth` service first (`nginx-jwt.conf`, AUTH=jwt).
 */
export function composeNginxConfig(options: { jwt?: boolean } = {}): string {
  return renderNginxConfig({
    ...(options.jwt ? { jwtVerifier: COMPOSE_VERIFIER } : {}),
    listenPort: topology.localPorts.router,
    accessLogTo: `syslog:server=console:${CONSOLE_ACCESS_LOG_PORT},tag=router,nohostname`,
    upstreams: { api: [`api:${topology.targetGroups.api.port}`], 'delete-fn': [`delete-fn:${topology.targetGroups['delete-fn'].port}`] },
  });
}
