import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synth } from './cdk-support.js';

const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

describe('HTTPS', () => {
  it('when a certificate ARN is given, then HTTPS serves on 443 and HTTP redirects to it', () => {
    const { template, stack } = synth({ certificateArn: CERTIFICATE_ARN });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS', Certificates: [{ CertificateArn: CERTIFICATE_ARN }] });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [{ Type: 'redirect', RedirectConfig: Match.objectLike({ Port: '443', Protocol: 'HTTPS', StatusCode: 'HTTP_301' }) }],
    });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('plain HTTP'))).toHaveLength(0);
    template.hasOutput('Url', { Value: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith(['https://'])] }) });
  });

  it('when no certificate is given, then synth warns that the load balancer serves plain HTTP', () => {
    const { stack } = synth();
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('plain HTTP'))).toHaveLength(1);
  });

  it('when a domain and hosted zone are given, then a DNS-validated certificate and an alias record are made', () => {
    const { template } = synth({ domainName: 'api.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ', hostedZoneName: 'example.com' });
    template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'api.example.com', ValidationMethod: 'DNS' });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'api.example.com.', Type: 'A', HostedZoneId: 'Z0123456789ABCDEFGHIJ' });
    template.hasOutput('Url', { Value: 'https://api.example.com' });
  });
});

describe('stages', () => {
  it('when the stage is prod, then the table is retained and protected from deletion', () => {
    const { template } = synth({ stage: 'prod' });
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ TableName: 'picus-prod', Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] }),
    });
  });

  it('when the stage name is not a valid name, then synth refuses it', () => {
    expect(() => synth({ stage: 'Prod_1' })).toThrow(/stage/);
  });
});

describe('target=local (LocalStack)', () => {
  it('when synthesized, then only the table, the Lambda, its role and logs are there: no VPC, ALB or ECS', () => {
    const { template } = synth({ target: 'local' });
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    for (const type of ['AWS::EC2::VPC', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ECS::Service', 'AWS::ECS::Cluster']) template.resourceCountIs(type, 0);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['aws, HTTP only', {}],
    ['aws, HTTPS', { certificateArn: CERTIFICATE_ARN }],
    ['aws, prod', { stage: 'prod' }],
    ['local', { target: 'local' }],
  ])('when the %s app is synthesized, then no finding is left unacknowledged', (_name, context) => {
    const { app } = synth(context);
    // A validation plugin that reports a violation makes synth throw with its report.
    expect(() => app.synth()).not.toThrow();
  });
});
