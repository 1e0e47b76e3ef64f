/** What starting tracing takes and gives back: shared by tracing.ts and the SDK set-up it loads on demand (tracing-sdk.ts). */
export interface TracingOptions {
  /** OTLP/HTTP base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`); spans go to `<endpoint>/v1/traces` as JSON. */
  readonly endpoint: string;
  /** `service.name` of every span. */
  readonly serviceName: string;
  /** How long finished spans wait to be sent in one batch (`OTEL_BSP_SCHEDULE_DELAY`). */
  readonly scheduledDelayMs: number;
}

export interface Tracing {
  /** Sends every finished span now; a Lambda calls it before returning, since it is frozen after. */
  flush(): Promise<void>;
  /** Flushes and stops exporting. */
  shutdown(): Promise<void>;
}
