/**
 * How a load balancer answers a request its JWT check refused, the same from the ALB emulator and
 * from nginx (the parity test compares them). ALB's documentation says only that it rejects the
 * request; this answers as ALB answers its other refusals (its small HTML page) with the status
 * and challenge of RFC 6750: 401, `WWW-Authenticate: Bearer` when no token came, and
 * `Bearer error="invalid_token"` for every failed check, so a caller cannot learn which check failed.
 */
export const JWT_REFUSAL_STATUS = 401;
export const JWT_REFUSAL_TITLE = 'Authorization Required';
export const JWT_REFUSAL_CONTENT_TYPE = 'text/html';

/** The challenge for a request with no bearer token, and for one whose token failed a check. */
export const WWW_AUTHENTICATE = { missing: 'Bearer', invalid: 'Bearer error="invalid_token"' } as const;

/** ALB's error page for the refusal (the same shape as its 502, 503 and 504 pages). */
export const JWT_REFUSAL_BODY = `<html>\r\n<head><title>401 ${JWT_REFUSAL_TITLE}</title></head>\r\n<body>\r\n<center><h1>401 ${JWT_REFUSAL_TITLE}</h1></center>\r\n</body>\r\n</html>\r\n`;
