import { request } from 'node:http';
import { untracedHeaders } from '@picus/core';
import type { HealthCheck } from '@picus/infra';

export type TargetState = 'initial' | 'healthy' | 'unhealthy' | 'draining';

export interface Target {
  readonly host: string;
  readonly port: number;
}

interface TargetRecord extends Target {
  state: TargetState;
  consecutiveOk: number;
  consecutiveFailed: number;
  inFlight: number;
}

export interface TargetGroupOptions {
  readonly name: string;
  /** Absent for Lambda targets, which ALB does not health-check by default: they are healthy once registered. */
  readonly healthCheck?: HealthCheck;
  /** Overrides the health check interval (the topology's 20 s would make a local stack slow to come up). */
  readonly healthCheckIntervalMs?: number;
  readonly deregistrationDelayMs: number;
}

const key = (target: Target) => `${target.host}:${target.port}`;

/** Targets written as `host:port,host:port` (a bare port means 127.0.0.1), as the router's environment gives them. */
export function parseTargets(text: string): Target[] {
  return text
    .split(',')
    .filter(Boolean)
    .map((entry) => {
      const [host = '127.0.0.1', port = ''] = entry.includes(':') ? entry.split(':') : ['127.0.0.1', entry];
      return { host, port: Number(port) };
    });
}

/**
 * A target group as ALB keeps one: registered targets with a health state from periodic checks
 * (the topology's path, timeout and thresholds), round-robin over healthy targets only, and
 * deregistration that drains (no new requests; in-flight ones finish, up to the delay).
 */
export class TargetGroup {
  private readonly targets = new Map<string, TargetRecord>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private next = 0;

  constructor(private readonly options: TargetGroupOptions) {}

  get name(): string {
    return this.options.name;
  }

  /** Registers a target; it serves once the healthy threshold of checks has passed. */
  register(target: Target): void {
    if (this.targets.has(key(target))) return;
    const record: TargetRecord = {
      ...target,
      state: this.options.healthCheck ? 'initial' : 'healthy',
      consecutiveOk: 0,
      consecutiveFailed: 0,
      inFlight: 0,
    };
    this.targets.set(key(target), record);
    if (this.options.healthCheck) this.scheduleChecks(record, this.options.healthCheck);
  }

  /** Stops routing to the target, waits for its in-flight requests (up to the deregistration delay), then forgets it. */
  async deregister(target: Target): Promise<void> {
    const record = this.targets.get(key(target));
    if (!record) return;
    record.state = 'draining';
    const deadline = Date.now() + this.options.deregistrationDelayMs;
    while (record.inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    this.targets.delete(key(target));
  }

  /** The next healthy target, round-robin; undefined when none is healthy (ALB answers 503). */
  pick(): Target | undefined {
    // Counted, then walked again, rather than copied into an array: this runs for every request.
    let healthy = 0;
    for (const target of this.targets.values()) if (target.state === 'healthy') healthy += 1;
    if (healthy === 0) return undefined;
    this.next = (this.next + 1) % healthy;
    let index = 0;
    for (const target of this.targets.values()) if (target.state === 'healthy' && index++ === this.next) return target;
    return undefined;
  }

  /** Counts a request against the target so draining can wait for it. Returns the release function. */
  track(target: Target): () => void {
    const record = this.targets.get(key(target));
    if (!record) return () => undefined;
    record.inFlight += 1;
    return () => {
      record.inFlight -= 1;
    };
  }

  describe(): Array<Target & { state: TargetState; inFlight: number }> {
    return [...this.targets.values()].map(({ host, port, state, inFlight }) => ({ host, port, state, inFlight }));
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private scheduleChecks(record: TargetRecord, check: HealthCheck): void {
    const intervalMs = this.options.healthCheckIntervalMs ?? check.intervalSeconds * 1000;
    const run = async () => {
      if (!this.targets.has(key(record))) return;
      const ok = await probe(record, check);
      if (record.state !== 'draining') {
        if (ok) {
          record.consecutiveOk += 1;
          record.consecutiveFailed = 0;
          if (record.consecutiveOk >= check.healthyThresholdCount) record.state = 'healthy';
        } else {
          record.consecutiveFailed += 1;
          record.consecutiveOk = 0;
          // A target that never passed stays `initial` (out of rotation); a healthy one leaves after the unhealthy threshold.
          if (record.state !== 'initial' && record.consecutiveFailed >= check.unhealthyThresholdCount) record.state = 'unhealthy';
        }
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void run();
      }, intervalMs);
      this.timers.add(timer);
    };
    void run();
  }
}

/**
 * One health check: GET the path; healthy when the status is one of the healthy codes before the
 * timeout. It asks not to be traced (an unsampled `traceparent`), so a traced target does not fill
 * the console with a check every half second.
 */
function probe(target: Target, check: HealthCheck): Promise<boolean> {
  const healthyCodes = new Set(check.healthyHttpCodes.split(',').map((code) => Number(code.trim())));
  return new Promise((resolve) => {
    const req = request(
      {
        host: target.host,
        port: target.port,
        path: check.path,
        method: 'GET',
        agent: false,
        timeout: check.timeoutSeconds * 1000,
        headers: { 'user-agent': 'ELB-HealthChecker/2.0', ...untracedHeaders() },
      },
      (res) => {
        res.resume();
        resolve(healthyCodes.has(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
