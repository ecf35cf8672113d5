/** Every HTTP route, shared by the Azure entry point, the local host and the tests. */
import { API_ROUTES } from "./api-routes.js";
import { openapiRoute } from "./functions/openapi.js";
import type { RouteDef } from "./http/endpoint.js";

export const ROUTES: readonly RouteDef[] = [...API_ROUTES, openapiRoute];
