import type { ServerResponse } from 'node:http';

/**
 * Answers as ALB itself does when it cannot get an answer from a target (502, 503, 504) or
 * refuses a request (413): a small HTML page, not the API's problem envelope.
 */
export function albErrorPage(res: ServerResponse, status: number, title: string, exchange?: ExchangeRecorder): void {
  if (res.headersSent) return;
  const headers = { 'content-type': 'text/html', server: 'awselb/2.0' };
  const body = `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
  res.writeHead(status, headers);
  exchange?.responseHeaders(headers);
  exchange?.responseChunk(body);
  res.end(body);
}

/** Where an answer made here is recorded as the exchange (the router's span): headers given to writeHead are not in res.getHeaders(). */
export interface ExchangeRecorder {
  responseHeaders(headers: Record<string, string | string[] | number | undefined>): void;
  responseChunk(chunk: Buffer | string): void;
}
