// Generated from openapi.yaml by `npm run generate`. Do not edit; a test fails when it drifts.
import type { OpenAPIV3 } from 'express-openapi-validator/dist/framework/types.js';

/** The OpenAPI document, parsed from openapi.yaml. Treat as read-only; clone before handing it to code that mutates. */
export const openApiDocument = {
  "openapi": "3.0.3",
  "info": {
    "title": "Picus items API",
    "version": "1.0.0",
    "description": "The Picus items API. On AWS an Application Load Balancer sends GET and POST to an\nExpress service on ECS Fargate and DELETE to a Lambda; both store items in DynamoDB.\nLocally the same topology runs behind an ALB emulator on http://localhost:8080.\n\nEvery error is an RFC 9457 `application/problem+json` document (`Problem`), which keeps\nthe `detail` field that clients of the original API read. The one exception is 429, which\nthe load balancer's firewall answers before any service sees the request: the same document,\nsent as `application/json`.\n\nOn AWS each client IP may send a limited number of requests in any 5 minutes, with tighter\nlimits for creates, deletes and `/picus/list`; past a limit, requests get 429 with\n`Retry-After` until the count falls under it again. The local stack has no such limit.\n",
    "license": {
      "name": "MIT",
      "url": "https://opensource.org/licenses/MIT"
    },
    "contact": {
      "name": "Picus platform team",
      "url": "https://github.com/picus-platform/picus"
    }
  },
  "servers": [
    {
      "url": "/",
      "description": "The router (the ALB, or its local emulator)"
    }
  ],
  "security": [],
  "tags": [
    {
      "name": "health",
      "description": "Liveness, also the ALB target group health check."
    },
    {
      "name": "items",
      "description": "Items and their payloads."
    }
  ],
  "paths": {
    "/picus/health": {
      "get": {
        "tags": [
          "health"
        ],
        "operationId": "getHealth",
        "summary": "Report that the service is alive",
        "description": "Answers 503 while the service drains before shutting down, so the load balancer stops sending it traffic.",
        "responses": {
          "200": {
            "description": "The service is alive.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                },
                "example": {
                  "status": "ok",
                  "message": "Picus-API alive"
                }
              }
            }
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/Unavailable"
          }
        }
      }
    },
    "/picus/put": {
      "post": {
        "tags": [
          "items"
        ],
        "operationId": "createItem",
        "summary": "Store a new item",
        "description": "Stores any JSON object whose `name` and `role` are strings, as the item's payload, and\nreturns the new item's id. The body may be at most 400 KiB, DynamoDB's item size limit; a larger\nbody, or one whose stored form exceeds that limit, gets 413.\n",
        "security": [
          {
            "bearerJwt": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/NewItem"
              },
              "example": {
                "name": "Ada Lovelace",
                "role": "engineer",
                "team": "analytics"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The item was stored.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Created"
                },
                "example": {
                  "id": "3f1c2a8e-5b7d-4c1e-9a2b-6d8e0f4a7c91"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/MalformedRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/ValidationFailed"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/Unavailable"
          }
        }
      }
    },
    "/picus/get/{id}": {
      "get": {
        "tags": [
          "items"
        ],
        "operationId": "getItem",
        "summary": "Read one item",
        "parameters": [
          {
            "$ref": "#/components/parameters/ItemId"
          }
        ],
        "responses": {
          "200": {
            "description": "The item.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Item"
                },
                "example": {
                  "id": "3f1c2a8e-5b7d-4c1e-9a2b-6d8e0f4a7c91",
                  "payload": {
                    "name": "Ada Lovelace",
                    "role": "engineer",
                    "team": "analytics"
                  },
                  "created_at": "2026-11-25T09:30:00.000Z"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "422": {
            "$ref": "#/components/responses/ValidationFailed"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/Unavailable"
          }
        }
      }
    },
    "/picus/list": {
      "get": {
        "tags": [
          "items"
        ],
        "operationId": "listItems",
        "summary": "List items (all of them, or one page at a time)",
        "description": "Without `limit`, returns every item, as the original API's \"list all records\" did, up\nto 10,000 items and up to 16 MiB of items (16,777,216 bytes of item JSON, configurable with\nLIST_ALL_MAX_BYTES), whichever comes first; `next_cursor` is set only when more items\nremain beyond those. A process streams a few such answers at once and queues the next\nones; when its queue is full it answers 503 with `Retry-After`, and a client that stops\nreading is cut off (WRITE_DEADLINE_MS). The answer is streamed as DynamoDB returns its pages, so the api's memory stays bounded\nwhatever the table holds; if DynamoDB fails after the answer has started, the connection\nis closed before the JSON is complete, never answered with a partial list that parses.\n\nWith `limit`, returns one page of at most `limit` items: when more may remain,\n`next_cursor` is set; pass it back as `cursor` to read the next page (with or without\n`limit`). Cursors are opaque and integrity-checked; a cursor that was not issued by this\nAPI is rejected with 422. Item order is not specified.\n",
        "parameters": [
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "The most items to return in this page. Absent, every item (up to 10,000 items and 16 MiB).",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 1000
            },
            "example": 100
          },
          {
            "name": "cursor",
            "in": "query",
            "required": false,
            "description": "The `next_cursor` of the previous page.",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 2048
            },
            "example": "eyJpZCI6IjNmMWMyYThlLTViN2QtNGMxZS05YTJiLTZkOGUwZjRhN2M5MSJ9.q3Yb2s0kJ9c"
          }
        ],
        "responses": {
          "200": {
            "description": "Every item (up to 10,000 items and 16 MiB) or one page of items.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ItemPage"
                },
                "example": {
                  "items": [
                    {
                      "id": "3f1c2a8e-5b7d-4c1e-9a2b-6d8e0f4a7c91",
                      "payload": {
                        "name": "Ada Lovelace",
                        "role": "engineer"
                      },
                      "created_at": "2026-11-25T09:30:00.000Z"
                    }
                  ],
                  "next_cursor": "eyJpZCI6IjNmMWMyYThlLTViN2QtNGMxZS05YTJiLTZkOGUwZjRhN2M5MSJ9.q3Yb2s0kJ9c"
                }
              }
            }
          },
          "422": {
            "$ref": "#/components/responses/ValidationFailed"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/Unavailable"
          }
        }
      }
    },
    "/picus/{id}": {
      "delete": {
        "tags": [
          "items"
        ],
        "operationId": "deleteItem",
        "summary": "Delete one item",
        "description": "Served by the DELETE Lambda behind the load balancer.",
        "security": [
          {
            "bearerJwt": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/ItemId"
          }
        ],
        "responses": {
          "200": {
            "description": "The item was deleted.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Deleted"
                },
                "example": {
                  "deleted": "3f1c2a8e-5b7d-4c1e-9a2b-6d8e0f4a7c91"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "422": {
            "$ref": "#/components/responses/ValidationFailed"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/Unavailable"
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearerJwt": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "An RS256 JWT from the stage's issuer (e.g. Amazon Cognito), verified by the load balancer before the\nrequest reaches a handler: signature against the issuer's JWKS, `iss`, `exp`, `nbf` and `iat` when\npresent, and the stage's required claims (such as `aud` or `scope`). Stages without auth settings, and\nthe local stack unless started with `AUTH=jwt`, do not ask for it. Locally, `make token` prints one.\n"
      }
    },
    "parameters": {
      "ItemId": {
        "name": "id",
        "in": "path",
        "required": true,
        "description": "The item's id, as returned by `createItem`.",
        "schema": {
          "type": "string",
          "format": "uuid"
        },
        "example": "3f1c2a8e-5b7d-4c1e-9a2b-6d8e0f4a7c91"
      }
    },
    "schemas": {
      "Health": {
        "type": "object",
        "required": [
          "status",
          "message"
        ],
        "additionalProperties": false,
        "properties": {
          "status": {
            "type": "string",
            "enum": [
              "ok"
            ]
          },
          "message": {
            "type": "string"
          }
        }
      },
      "NewItem": {
        "type": "object",
        "description": "Any JSON object with string `name` and `role`; every other property is kept as given.",
        "required": [
          "name",
          "role"
        ],
        "additionalProperties": true,
        "properties": {
          "name": {
            "type": "string"
          },
          "role": {
            "type": "string"
          }
        }
      },
      "Created": {
        "type": "object",
        "required": [
          "id"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "type": "string",
            "format": "uuid"
          }
        }
      },
      "Item": {
        "type": "object",
        "required": [
          "id",
          "payload",
          "created_at"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "type": "string",
            "format": "uuid"
          },
          "payload": {
            "$ref": "#/components/schemas/NewItem"
          },
          "created_at": {
            "type": "string",
            "format": "date-time",
            "description": "When the item was stored, in UTC (ISO 8601)."
          }
        }
      },
      "ItemPage": {
        "type": "object",
        "required": [
          "items"
        ],
        "additionalProperties": false,
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Item"
            }
          },
          "next_cursor": {
            "type": "string",
            "description": "Present when more items remain; pass it as `cursor` to read the next page."
          }
        }
      },
      "Deleted": {
        "type": "object",
        "required": [
          "deleted"
        ],
        "additionalProperties": false,
        "properties": {
          "deleted": {
            "type": "string",
            "format": "uuid"
          }
        }
      },
      "Problem": {
        "type": "object",
        "description": "An RFC 9457 problem details document.",
        "required": [
          "type",
          "title",
          "status",
          "detail"
        ],
        "properties": {
          "type": {
            "type": "string",
            "format": "uri-reference",
            "description": "Identifies the kind of problem, e.g. `/problems/validation-failed`."
          },
          "title": {
            "type": "string",
            "description": "A short summary of the kind of problem."
          },
          "status": {
            "type": "integer",
            "minimum": 400,
            "maximum": 599
          },
          "detail": {
            "type": "string",
            "description": "What went wrong with this request."
          },
          "instance": {
            "type": "string",
            "description": "The request path."
          },
          "request_id": {
            "type": "string",
            "description": "The request id, also sent as the `x-request-id` header."
          },
          "errors": {
            "type": "array",
            "description": "One entry per validation failure.",
            "items": {
              "$ref": "#/components/schemas/FieldError"
            }
          }
        }
      },
      "FieldError": {
        "type": "object",
        "required": [
          "location",
          "message"
        ],
        "properties": {
          "location": {
            "type": "string",
            "enum": [
              "body",
              "path",
              "query",
              "header"
            ]
          },
          "path": {
            "type": "string",
            "description": "JSON pointer to the offending value within its location, e.g. `/role`."
          },
          "message": {
            "type": "string"
          }
        }
      }
    },
    "headers": {
      "RetryAfter": {
        "description": "Seconds to wait before retrying.",
        "schema": {
          "type": "integer",
          "minimum": 1
        },
        "example": 1
      }
    },
    "responses": {
      "Unauthorized": {
        "description": "Answered by the load balancer, not the API: no bearer token (`WWW-Authenticate: Bearer`), or one that failed\na check (`WWW-Authenticate: Bearer error=\"invalid_token\"`). The body is the load balancer's HTML page.\n",
        "headers": {
          "WWW-Authenticate": {
            "description": "The bearer challenge.",
            "schema": {
              "type": "string"
            },
            "example": "Bearer error=\"invalid_token\""
          }
        },
        "content": {
          "text/html": {
            "schema": {
              "type": "string"
            }
          }
        }
      },
      "MalformedRequest": {
        "description": "The body is not valid JSON.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "example": {
              "type": "/problems/malformed-request",
              "title": "Malformed request",
              "status": 400,
              "detail": "The request body is not valid JSON."
            }
          }
        }
      },
      "PayloadTooLarge": {
        "description": "The body exceeds 400 KiB, or the item would exceed DynamoDB's item size limit.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "example": {
              "type": "/problems/payload-too-large",
              "title": "Payload too large",
              "status": 413,
              "detail": "The request body exceeds the limit of 409600 bytes."
            }
          }
        }
      },
      "UnsupportedMediaType": {
        "description": "The body is not `application/json`.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "example": {
              "type": "/problems/unsupported-media-type",
              "title": "Unsupported media type",
              "status": 415,
              "detail": "Send the body as application/json, not text/plain."
            }
          }
        }
      },
      "ValidationFailed": {
        "description": "A parameter or the body does not match the schema.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "example": {
              "type": "/problems/validation-failed",
              "title": "Validation failed",
              "status": 422,
              "detail": "The request does not match the API's schema.",
              "errors": [
                {
                  "location": "body",
                  "path": "/role",
                  "message": "must have required property 'role'"
                }
              ]
            }
          }
        }
      },
      "NotFound": {
        "description": "No item has this id.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "example": {
              "type": "/problems/not-found",
              "title": "Not found",
              "status": 404,
              "detail": "Item not found"
            }
          }
        }
      },
      "Unavailable": {
        "description": "The data store is unavailable or throttled, the api is at its memory budget (it sheds load rather than run out of memory), or the service is draining. Retry after the given delay.",
        "headers": {
          "Retry-After": {
            "$ref": "#/components/headers/RetryAfter"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "example": {
              "type": "/problems/service-unavailable",
              "title": "Service unavailable",
              "status": 503,
              "detail": "The data store is unavailable. Retry shortly."
            }
          }
        }
      },
      "TooManyRequests": {
        "description": "This client IP sent more requests in the last 5 minutes than the rate limit for the route allows\n(answered by the load balancer's firewall on AWS, as `application/json`). Retry after the given delay.\n",
        "headers": {
          "Retry-After": {
            "$ref": "#/components/headers/RetryAfter"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "example": {
              "type": "/problems/too-many-requests",
              "title": "Too many requests",
              "status": 429,
              "detail": "This client sent more requests than the rate limit allows in 5 minutes; retry after the time in Retry-After."
            }
          }
        }
      },
      "InternalError": {
        "description": "An unexpected error. The cause is logged, never returned.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "example": {
              "type": "/problems/internal-error",
              "title": "Internal server error",
              "status": 500,
              "detail": "An unexpected error occurred."
            }
          }
        }
      }
    }
  }
} as unknown as OpenAPIV3.DocumentV3;
