/**
 * Real OpenTelemetry SDK providers that keep what they record in memory, for asserting spans and metric
 * points. Each call makes its own providers; nothing is registered globally.
 */
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { AggregationTemporality, MeterProvider, MetricReader, type DataPoint, type MetricData } from '@opentelemetry/sdk-metrics';
import type { Meter, Tracer } from '@opentelemetry/api';

class CollectingReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

export interface TestTelemetry {
  tracer: Tracer;
  meter: Meter;
  spans(): ReadableSpan[];
  /** Every metric collected so far, by name. */
  metrics(): Promise<Map<string, MetricData>>;
  shutdown(): Promise<void>;
}

export function testTelemetry(): TestTelemetry {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracer: tracerProvider.getTracer('test'),
    meter: meterProvider.getMeter('test'),
    spans: () => exporter.getFinishedSpans(),
    async metrics() {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length) throw errors[0];
      return new Map(resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).map((m) => [m.descriptor.name, m]));
    },
    async shutdown() {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}

/** The value of the data point whose attributes include all of `match` (a sum's number, a histogram's count). */
export function pointValue(metric: MetricData | undefined, match: Record<string, unknown>): number | undefined {
  const points = (metric?.dataPoints ?? []) as DataPoint<unknown>[];
  const point = points.find((p) => Object.entries(match).every(([k, v]) => p.attributes[k] === v));
  if (!point) return undefined;
  const value = point.value as number | { count: number };
  return typeof value === 'number' ? value : value.count;
}
