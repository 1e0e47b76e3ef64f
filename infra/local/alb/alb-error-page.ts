import type { ServerResponse } from 'node:http';

/**
 * Answers as ALB itself does when it cannot get an answer from a target (502, 503, 504) or
 * refuses a request (413): a small HTML page, not the API's problem envelope.
 */
export function albErrorPage(res: ServerResponse, status: number, title: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'text/html', server: 'awselb/2.0' });
  res.end(`<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n</body>\r\n</html>\r\n`);
}
