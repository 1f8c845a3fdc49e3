import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FieldError, StreamlineError, StreamlineErrorCode } from '@streamline/schemas';
import { ProducerService, RejectionReason } from '@streamline/kafka';
import { IngestError } from '../ingest/ingest.error';
import { ProducerConfig } from '../producer.config';

const REJECTION_BY_STATUS: Partial<Record<number, RejectionReason>> = {
  400: 'invalid',
  401: 'unauthorized',
  413: 'too-large',
  415: 'unsupported-media-type',
  429: 'rate-limited',
};

/**
 * The answer to each error of the library by its code: the status, what the client reads
 * (`detail`, default the error's message) and what goes to the log. A 503 carries Retry-After.
 * Codes not listed here are not the client's doing and answer 500.
 */
const ANSWER_BY_CODE: Partial<Record<StreamlineErrorCode, { status: number; detail?: (e: Error) => string; log?: (e: Error) => string }>> = {
  // Invalid events; the error lists the fields.
  'schema-validation': { status: 400 },
  // The source and id of another event.
  'duplicate-conflict': { status: 409 },
  // Whatever failed underneath (connect refused, timeout), the client learns the same thing.
  'broker-unavailable': { status: 503, detail: (e) => `Kafka is unavailable (${e.message}); retry later with the same event id` },
  // A refused login, ACL or certificate is fixed by an operator, not by the client: the event
  // was not accepted, the reason goes to the log, the client retries later.
  'access-denied': {
    status: 503,
    detail: () => 'Kafka refused this service access; nothing was published; retry later with the same event id',
    log: (e) => `event not accepted: ${e.message}`,
  },
  'publish-failed': { status: 502, log: (e) => e.message },
};

/** What the service answers to an error: status, what went wrong (`detail`), the invalid fields, extra headers. */
interface ErrorAnswer {
  status: number;
  body: { error: string; fields?: unknown };
  headers?: Record<string, string>;
}

/** Media type of an error answer (RFC 9457). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** RFC 9457 problem details: `type`, `title`, `status`, `detail`, and `fields` naming every invalid field. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  fields?: unknown;
}

/** The answer as problem details; `type` is `about:blank`, so `title` is the status's own phrase. */
export function problemOf(answer: ErrorAnswer): ProblemDetails {
  const { error, fields } = answer.body;
  return {
    type: 'about:blank',
    title: STATUS_TITLES[answer.status] ?? 'Error',
    status: answer.status,
    detail: error,
    ...(fields !== undefined ? { fields } : {}),
  };
}

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/**
 * Maps errors to HTTP answers: 400 lists the fields, 401 asks for a key, 409 names the reused
 * identity, 503 carries Retry-After. Whatever a client sends, a failure to parse it is a 4xx.
 * Every error body is RFC 9457 problem details (`application/problem+json`). Speaks to the response through Nest's HTTP adapter, so Express and Fastify answer alike.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  constructor(
    @Inject(ProducerConfig) private readonly config: ProducerConfig,
    private readonly producer: ProducerService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse();
    const adapter = this.adapterHost.httpAdapter;
    if (adapter.isHeadersSent(response)) return;
    const answer = this.answer(error);
    for (const [name, value] of Object.entries(answer.headers ?? {})) adapter.setHeader(response, name, value);
    adapter.setHeader(response, 'Content-Type', PROBLEM_MEDIA_TYPE);
    // Serialized here: Nest's Express adapter turns any other media type of an object error body
    // back into application/json; a string is sent as it is, under the type set above.
    adapter.reply(response, JSON.stringify(problemOf(answer)), answer.status);
  }

  /** The answer to `error`; refusals before the producer saw the event are counted here. */
  private answer(error: unknown): ErrorAnswer {
    if (error instanceof IngestError) {
      this.countRejection(error.status);
      return {
        status: error.status,
        body: { error: error.message, ...(error.fields.length ? { fields: error.fields } : {}) },
        headers: { ...error.headers, ...(error.status === 401 && { 'WWW-Authenticate': 'Bearer' }) },
      };
    }
    if (error instanceof StreamlineError && ANSWER_BY_CODE[error.code]) {
      const { status, detail, log } = ANSWER_BY_CODE[error.code]!;
      if (log) this.logger.error(log(error));
      const fields = (error as { fields?: FieldError[] }).fields;
      return {
        status,
        body: { error: detail ? detail(error) : error.message, ...(fields?.length ? { fields } : {}) },
        ...(status === 503 ? { headers: { 'Retry-After': String(this.config.RETRY_AFTER_SECONDS) } } : {}),
      };
    }
    if (error instanceof HttpException) return { status: error.getStatus(), body: { error: error.message } };
    const bodyStatus = bodyErrorStatus(error);
    if (bodyStatus !== undefined) {
      this.countRejection(bodyStatus);
      return { status: bodyStatus, body: { error: (error as Error).message } };
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return { status: 500, body: { error: 'internal error' } };
  }

  /** Requests refused before reaching the producer are counted here; the producer counts its own. */
  private countRejection(status: number): void {
    const reason = REJECTION_BY_STATUS[status];
    if (reason) this.producer.metrics.reject(reason);
  }
}

/**
 * The status of a body the client sent in a way that cannot be read: body-parser's errors
 * (`status`, `type`), Fastify's (`FST_…` codes with `statusCode`) and BodyReadError; else undefined.
 */
function bodyErrorStatus(error: unknown): number | undefined {
  const e = error as { status?: unknown; statusCode?: unknown; type?: unknown; code?: unknown } | undefined;
  const fromFastify = typeof e?.code === 'string' && e.code.startsWith('FST_');
  const status = fromFastify ? e?.statusCode : typeof e?.type === 'string' ? e?.status : undefined;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  return e?.type === 'encoding.unsupported' ? 415 : status;
}
