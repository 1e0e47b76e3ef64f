/**
 * The span attribute names our spans carry, shared by the handlers, the router, the Lambda host
 * and the local console that reads them. Standard OpenTelemetry semantic-convention names where
 * one exists; `alb.*`, `picus.*` and `lambda.*` for what only this stack knows.
 */
export const SpanAttr = {
  method: 'http.request.method',
  path: 'url.path',
  query: 'url.query',
  route: 'http.route',
  status: 'http.response.status_code',
  userAgent: 'user_agent.original',
  clientAddress: 'client.address',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  requestId: 'picus.request_id',
  amznTraceId: 'aws.xray.trace_header',
  /** Masked headers as JSON (`{"name": "value" | ["v1", "v2"]}`). */
  requestHeaders: 'http.request.headers',
  responseHeaders: 'http.response.headers',
  /**
   * Bodies as text, capped: `.size` is the whole size, `.truncated` says it was cut, `.encoding` is
   * `base64` for a body that is not UTF-8 text.
   */
  requestBody: 'http.request.body',
  requestBodySize: 'http.request.body.size',
  requestBodyTruncated: 'http.request.body.truncated',
  requestBodyEncoding: 'http.request.body.encoding',
  responseBody: 'http.response.body',
  responseBodySize: 'http.response.body.size',
  responseBodyTruncated: 'http.response.body.truncated',
  responseBodyEncoding: 'http.response.body.encoding',

  /** The listener rule that matched, e.g. `10: DELETE /picus/*`, or `default` for the fixed response. */
  albRule: 'alb.rule',
  albRulePriority: 'alb.rule.priority',
  albTargetGroup: 'alb.target_group',
  albTarget: 'alb.target',
  /** forwarded | fixed-response | no-healthy-target | target-error | target-timeout | client-closed */
  albOutcome: 'alb.outcome',

  faasName: 'faas.name',
  faasInvocationId: 'faas.invocation_id',
  faasColdStart: 'faas.coldstart',
  /** The ALB event the function received and the result it returned, as JSON (capped, secrets masked). */
  lambdaEvent: 'lambda.alb_event',
  lambdaEventTruncated: 'lambda.alb_event.truncated',
  lambdaResult: 'lambda.result',
  lambdaResultTruncated: 'lambda.result.truncated',
  /** ok | malformed-result | error | timeout | too-large */
  lambdaOutcome: 'lambda.outcome',

  rpcSystem: 'rpc.system',
  rpcService: 'rpc.service',
  rpcMethod: 'rpc.method',
  dynamoTables: 'aws.dynamodb.table_names',
  /** The key of a single-item call, as JSON. */
  dynamoKey: 'picus.dynamodb.key',
  /** Keys or write requests in a batch call. */
  dynamoBatchSize: 'picus.dynamodb.batch_size',
  dynamoLimit: 'aws.dynamodb.limit',
  dynamoCount: 'aws.dynamodb.count',
  dynamoAttempts: 'picus.dynamodb.attempts',
  awsRequestId: 'aws.request_id',
  /** ok, or the error's name (e.g. ConditionalCheckFailedException). */
  outcome: 'picus.outcome',
} as const;
