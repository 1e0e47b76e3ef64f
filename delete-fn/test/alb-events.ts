import type { ALBEvent } from 'aws-lambda';

const TARGET_GROUP_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/picus-delete-fn/0123456789abcdef';

/** An ALB target-group event as ALB sends it to a Lambda target, with single-value headers. */
export function albEvent(overrides: Partial<ALBEvent> & { httpMethod: string; path: string }): ALBEvent {
  return {
    requestContext: { elb: { targetGroupArn: TARGET_GROUP_ARN } },
    queryStringParameters: {},
    headers: {
      host: 'picus-alb-123.us-east-1.elb.amazonaws.com',
      'user-agent': 'curl/8.5.0',
      'x-amzn-trace-id': 'Root=1-67891233-abcdef012345678912345678',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-port': '80',
      'x-forwarded-proto': 'http',
    },
    body: '',
    isBase64Encoded: false,
    ...overrides,
  };
}

/** The same event as ALB sends it when the target group has multi-value headers turned on. */
export function multiValueAlbEvent(overrides: Partial<ALBEvent> & { httpMethod: string; path: string }): ALBEvent {
  const { headers, queryStringParameters, ...single } = albEvent(overrides);
  return {
    ...single,
    multiValueHeaders: Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, [value as string]])),
    multiValueQueryStringParameters: Object.fromEntries(
      Object.entries(queryStringParameters ?? {}).map(([name, value]) => [name, [value as string]]),
    ),
  };
}
