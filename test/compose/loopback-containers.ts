import { GenericContainer } from 'testcontainers';
import { LocalstackContainer } from '@testcontainers/localstack';

type HostConfig = { PortBindings?: Record<string, Array<{ HostIp?: string; HostPort?: string }>> };

/** Testcontainers publishes ports on every interface and has no option for the address; bind them to 127.0.0.1. */
function bindToLoopback(hostConfig: HostConfig): void {
  for (const bindings of Object.values(hostConfig.PortBindings ?? {})) {
    for (const binding of bindings) binding.HostIp = '127.0.0.1';
  }
}

/** A GenericContainer whose published ports are reachable from this machine only. */
export class LoopbackContainer extends GenericContainer {
  protected override async beforeContainerCreated(): Promise<void> {
    bindToLoopback(this.hostConfig as HostConfig);
  }
}

/** LocalStack's Testcontainers module, its port reachable from this machine only. */
export class LoopbackLocalstackContainer extends LocalstackContainer {
  protected override async beforeContainerCreated(): Promise<void> {
    await super.beforeContainerCreated();
    bindToLoopback(this.hostConfig as HostConfig);
  }
}
