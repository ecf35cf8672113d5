/** Azure Functions entry point: importing the route table and the timer registers them with the host. */
import { app } from "@azure/functions";
import "./routes.js";
import "./functions/urge-timer.js";

app.setup({ enableHttpStream: false });
