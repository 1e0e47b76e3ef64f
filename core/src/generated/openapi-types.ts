// Generated from openapi.yaml by `npm run generate`. Do not edit; a test fails when it drifts.
export type paths = {
    "/picus/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Report that the service is alive
         * @description Answers 503 while the service drains before shutting down, so the load balancer stops sending it traffic.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/picus/put": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Store a new item
         * @description Stores any JSON object whose `name` and `role` are strings, as the item's payload, and
         *     returns the new item's id. The body may be at most 400 KiB, DynamoDB's item size limit; a larger
         *     body, or one whose stored form exceeds that limit, gets 413.
         */
        post: operations["createItem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/picus/get/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read one item */
        get: operations["getItem"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/picus/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List items (all of them, or one page at a time)
         * @description Without `limit`, returns every item, as the original API's "list all records" did, up
         *     to 10,000 items and up to 16 MiB of items (16,777,216 bytes of item JSON, configurable with
         *     LIST_ALL_MAX_BYTES), whichever comes first; `next_cursor` is set only when more items
         *     remain beyond those. A process streams a few such answers at once and queues the next
         *     ones; when its queue is full it answers 503 with `Retry-After`, and a client that stops
         *     reading is cut off (WRITE_DEADLINE_MS). The answer is streamed as DynamoDB returns its pages, so the api's memory stays bounded
         *     whatever the table holds; if DynamoDB fails after the answer has started, the connection
         *     is closed before the JSON is complete, never answered with a partial list that parses.
         *
         *     With `limit`, returns one page of at most `limit` items: when more may remain,
         *     `next_cursor` is set; pass it back as `cursor` to read the next page (with or without
         *     `limit`). Cursors are opaque and integrity-checked; a cursor that was not issued by this
         *     API is rejected with 422. Item order is not specified.
         */
        get: operations["listItems"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/picus/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete one item
         * @description Served by the DELETE Lambda behind the load balancer.
         */
        delete: operations["deleteItem"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        Health: {
            /** @enum {string} */
            status: "ok";
            message: string;
        };
        /** @description Any JSON object with string `name` and `role`; every other property is kept as given. */
        NewItem: {
            name: string;
            role: string;
        } & {
            [key: string]: unknown;
        };
        Created: {
            /** Format: uuid */
            id: string;
        };
        Item: {
            /** Format: uuid */
            id: string;
            payload: components["schemas"]["NewItem"];
            /**
             * Format: date-time
             * @description When the item was stored, in UTC (ISO 8601).
             */
            created_at: string;
        };
        ItemPage: {
            items: components["schemas"]["Item"][];
            /** @description Present when more items remain; pass it as `cursor` to read the next page. */
            next_cursor?: string;
        };
        Deleted: {
            /** Format: uuid */
            deleted: string;
        };
        /** @description An RFC 9457 problem details document. */
        Problem: {
            /**
             * Format: uri-reference
             * @description Identifies the kind of problem, e.g. `/problems/validation-failed`.
             */
            type: string;
            /** @description A short summary of the kind of problem. */
            title: string;
            status: number;
            /** @description What went wrong with this request. */
            detail: string;
            /** @description The request path. */
            instance?: string;
            /** @description The request id, also sent as the `x-request-id` header. */
            request_id?: string;
            /** @description One entry per validation failure. */
            errors?: components["schemas"]["FieldError"][];
        };
        FieldError: {
            /** @enum {string} */
            location: "body" | "path" | "query" | "header";
            /** @description JSON pointer to the offending value within its location, e.g. `/role`. */
            path?: string;
            message: string;
        };
    };
    responses: {
        /**
         * @description Answered by the load balancer, not the API: no bearer token (`WWW-Authenticate: Bearer`), or one that failed
         *     a check (`WWW-Authenticate: Bearer error="invalid_token"`). The body is the load balancer's HTML page.
         */
        Unauthorized: {
            headers: {
                /**
                 * @description The bearer challenge.
                 * @example Bearer error="invalid_token"
                 */
                "WWW-Authenticate"?: string;
                [name: string]: unknown;
            };
            content: {
                "text/html": string;
            };
        };
        /** @description The body is not valid JSON. */
        MalformedRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "/problems/malformed-request",
                 *       "title": "Malformed request",
                 *       "status": 400,
                 *       "detail": "The request body is not valid JSON."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body exceeds 400 KiB, or the item would exceed DynamoDB's item size limit. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "/problems/payload-too-large",
                 *       "title": "Payload too large",
                 *       "status": 413,
                 *       "detail": "The request body exceeds the limit of 409600 bytes."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is not `application/json`. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "/problems/unsupported-media-type",
                 *       "title": "Unsupported media type",
                 *       "status": 415,
                 *       "detail": "Send the body as application/json, not text/plain."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description A parameter or the body does not match the schema. */
        ValidationFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "/problems/validation-failed",
                 *       "title": "Validation failed",
                 *       "status": 422,
                 *       "detail": "The request does not match the API's schema.",
                 *       "errors": [
                 *         {
                 *           "location": "body",
                 *           "path": "/role",
                 *           "message": "must have required property 'role'"
                 *         }
                 *       ]
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No item has this id. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "/problems/not-found",
                 *       "title": "Not found",
                 *       "status": 404,
                 *       "detail": "Item not found"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The data store is unavailable or throttled, the api is at its memory budget (it sheds load rather than run out of memory), or the service is draining. Retry after the given delay. */
        Unavailable: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "/problems/service-unavailable",
                 *       "title": "Service unavailable",
                 *       "status": 503,
                 *       "detail": "The data store is unavailable. Retry shortly."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /**
         * @description This client IP sent more requests in the last 5 minutes than the rate limit for the route allows
         *     (answered by the load balancer's firewall on AWS, as `application/json`). Retry after the given delay.
         */
        TooManyRequests: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "/problems/too-many-requests",
                 *       "title": "Too many requests",
                 *       "status": 429,
                 *       "detail": "This client sent more requests than the rate limit allows in 5 minutes; retry after the time in Retry-After."
                 *     }
                 */
                "application/json": components["schemas"]["Problem"];
            };
        };
        /** @description An unexpected error. The cause is logged, never returned. */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "/problems/internal-error",
                 *       "title": "Internal server error",
                 *       "status": 500,
                 *       "detail": "An unexpected error occurred."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        /**
         * @description The item's id, as returned by `createItem`.
         * @example 3f1c2a8e-5b7d-4c1e-9a2b-6d8e0f4a7c91
         */
        ItemId: string;
    };
    requestBodies: never;
    headers: {
        /**
         * @description Seconds to wait before retrying.
         * @example 1
         */
        RetryAfter: number;
    };
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service is alive. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok",
                     *       "message": "Picus-API alive"
                     *     }
                     */
                    "application/json": components["schemas"]["Health"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    createItem: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Ada Lovelace",
                 *       "role": "engineer",
                 *       "team": "analytics"
                 *     }
                 */
                "application/json": components["schemas"]["NewItem"];
            };
        };
        responses: {
            /** @description The item was stored. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "3f1c2a8e-5b7d-4c1e-9a2b-6d8e0f4a7c91"
                     *     }
                     */
                    "application/json": components["schemas"]["Created"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    getItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The item's id, as returned by `createItem`.
                 * @example 3f1c2a8e-5b7d-4c1e-9a2b-6d8e0f4a7c91
                 */
                id: components["parameters"]["ItemId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The item. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "3f1c2a8e-5b7d-4c1e-9a2b-6d8e0f4a7c91",
                     *       "payload": {
                     *         "name": "Ada Lovelace",
                     *         "role": "engineer",
                     *         "team": "analytics"
                     *       },
                     *       "created_at": "2026-11-25T09:30:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Item"];
                };
            };
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    listItems: {
        parameters: {
            query?: {
                /**
                 * @description The most items to return in this page. Absent, every item (up to 10,000 items and 16 MiB).
                 * @example 100
                 */
                limit?: number;
                /**
                 * @description The `next_cursor` of the previous page.
                 * @example eyJpZCI6IjNmMWMyYThlLTViN2QtNGMxZS05YTJiLTZkOGUwZjRhN2M5MSJ9.q3Yb2s0kJ9c
                 */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every item (up to 10,000 items and 16 MiB) or one page of items. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "3f1c2a8e-5b7d-4c1e-9a2b-6d8e0f4a7c91",
                     *           "payload": {
                     *             "name": "Ada Lovelace",
                     *             "role": "engineer"
                     *           },
                     *           "created_at": "2026-11-25T09:30:00.000Z"
                     *         }
                     *       ],
                     *       "next_cursor": "eyJpZCI6IjNmMWMyYThlLTViN2QtNGMxZS05YTJiLTZkOGUwZjRhN2M5MSJ9.q3Yb2s0kJ9c"
                     *     }
                     */
                    "application/json": components["schemas"]["ItemPage"];
                };
            };
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    deleteItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The item's id, as returned by `createItem`.
                 * @example 3f1c2a8e-5b7d-4c1e-9a2b-6d8e0f4a7c91
                 */
                id: components["parameters"]["ItemId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The item was deleted. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "deleted": "3f1c2a8e-5b7d-4c1e-9a2b-6d8e0f4a7c91"
                     *     }
                     */
                    "application/json": components["schemas"]["Deleted"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
}
