import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it, vi } from 'vitest';
import { CERTIFICATE_ARN, synth } from './cdk-support.js';

// A synth takes seconds on an idle machine and much longer on a busy one; the policy plugins more.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

describe('HTTPS', () => {
  it('when a certificate ARN is given, then HTTPS serves on 443 and HTTP redirects to it', () => {
    const { template, stack } = synth({ certificateArn: CERTIFICATE_ARN });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: CERTIFICATE_ARN }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [{ Type: 'redirect', RedirectConfig: Match.objectLike({ Port: '443', Protocol: 'HTTPS', StatusCode: 'HTTP_301' }) }],
    });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('plain HTTP'))).toHaveLength(0);
    template.hasOutput('Url', { Value: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith(['https://'])] }) });
  });

  it('when a disposable stage has no certificate, then synth warns that the load balancer serves plain HTTP', () => {
    const { stack } = synth();
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('plain HTTP'))).toHaveLength(1);
  });

  it('when a domain and hosted zone are given, then a DNS-validated certificate and an alias record are made', () => {
    const { template } = synth({ domainName: 'api.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ', hostedZoneName: 'example.com' });
    template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'api.example.com', ValidationMethod: 'DNS' });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'api.example.com.',
      Type: 'A',
      HostedZoneId: 'Z0123456789ABCDEFGHIJ',
    });
    template.hasOutput('Url', { Value: 'https://api.example.com' });
  });
});

describe('stages', () => {
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
    for (const type of ['AWS::EC2::VPC', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ECS::Service', 'AWS::ECS::Cluster'])
      template.resourceCountIs(type, 0);
  });
});
