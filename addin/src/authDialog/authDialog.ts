// auth-dialog.html: the last-resort sign-in in an Office dialog (what it does: ../api/auth/dialogPage.ts).
import { createStandardPublicClientApplication, type IPublicClientApplication } from "@azure/msal-browser";
import { broadcastResponseToMainFrame } from "@azure/msal-browser/redirect-bridge";
import { runDialogPage, type StandardClient } from "../api/auth/dialogPage";

function show(text: string): void {
  const status = document.getElementById("status");
  if (status) status.textContent = text;
}

void Office.onReady().then(() =>
  runDialogPage({
    location: window.location,
    messageParent: (message) => Office.context.ui.messageParent(message),
    show,
    createClient: async (config) =>
      (await createStandardPublicClientApplication(
        config,
      )) as IPublicClientApplication as unknown as StandardClient,
    broadcastResponse: () => broadcastResponseToMainFrame(),
  }),
);
