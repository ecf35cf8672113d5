/**
 * The ESM build of @azure/functions does not export the HttpRequest and InvocationContext classes that its
 * CommonJS build offers "for testing purposes"; the local host and the tests take them from there.
 */
import { createRequire } from "node:module";
import type * as Functions from "@azure/functions";

const cjs = createRequire(import.meta.url)("@azure/functions") as typeof Functions;

export const HttpRequest = cjs.HttpRequest;
export const InvocationContext = cjs.InvocationContext;
