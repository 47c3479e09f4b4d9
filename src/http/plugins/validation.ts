import AjvCompiler from "@fastify/ajv-compiler";
import type { FastifyServerOptions } from "fastify";

const OPTIONS = { removeAdditional: false, useDefaults: true } as const;

/**
 * How request parts are checked against route schemas. Paths, query strings and headers arrive as
 * text, so "20" is read as the number a schema asks for. A JSON body says what type each value is,
 * and is taken at its word: `"parentId": true` or `"body": 12345` is a 400 naming the field, never
 * comment 1 or the text "12345" (a client that sends the wrong type has a bug we should not hide).
 */
export function validationOptions(): Pick<FastifyServerOptions, "ajv" | "schemaController"> {
  const pool = AjvCompiler();
  return {
    ajv: { customOptions: { ...OPTIONS, coerceTypes: true } },
    schemaController: {
      compilersFactory: {
        buildValidator: (externalSchemas, serverOptions) => {
          const textual = pool(externalSchemas as never, serverOptions as never);
          const typed = pool(externalSchemas as never, { ...(serverOptions as object), customOptions: { ...OPTIONS, coerceTypes: false } });
          return (route) => (route.httpPart === "body" ? typed(route as never) : textual(route as never));
        },
      },
    },
  };
}
