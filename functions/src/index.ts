/** Azure Functions entry point: importing the route table and the timer registers them with the host. */
import { app } from "@azure/functions";
import "./routes.js";
import "./functions/urge-timer.js";
import { startTelemetry } from "./telemetry.js";

app.setup({ enableHttpStream: false });

// APPLICATIONINSIGHTS_CONNECTION_STRING set: requests, storage and the daily job go to Application Insights.
// Unset: nothing is imported. A failure to start telemetry never stops the app.
await startTelemetry().catch((e: unknown) => console.error("遥测未能启动（Application Insights）", e));
