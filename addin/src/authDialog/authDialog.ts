/**
 * The page of the last-resort sign-in (auth-dialog.html), opened by the pane in an Office dialog
 * (addin/src/api/auth/dialog.ts). It runs MSAL's redirect flow with a standard public client (nested app
 * authentication is what the host lacked) and sends the token, or the error, to the pane with
 * Office.context.ui.messageParent. It is also MSAL's redirect URI (register https://<add-in host>/auth-dialog.html
 * as a single-page application redirect URI): the answer from Entra ID arrives here and MSAL's redirect bridge
 * takes it back to the page that started the flow.
 */
import { createStandardPublicClientApplication, type AuthenticationResult } from "@azure/msal-browser";
import { broadcastResponseToMainFrame } from "@azure/msal-browser/redirect-bridge";
import { apiScope } from "../api/auth";
import { DIALOG_PAGE, type DialogMessage } from "../api/auth/dialog";
import { deployedSsoClientId, deployedTenantId } from "../api/auth/officeSso";

function send(message: DialogMessage): void {
  Office.context.ui.messageParent(JSON.stringify(message));
}

function show(text: string): void {
  const status = document.getElementById("status");
  if (status) status.textContent = text;
}

const ok = (result: AuthenticationResult): DialogMessage => ({
  status: "ok",
  token: result.accessToken,
  expiresOn: result.expiresOn?.getTime() ?? null,
});

/** Entra ID's answer (a code or an error) in the URL: this load is the redirect back from sign-in. */
function isAuthResponse(): boolean {
  return (
    /(^|[#?&])(code|error)=/.test(window.location.hash) || /[?&](code|error)=/.test(window.location.search)
  );
}

async function run(): Promise<void> {
  await Office.onReady();
  if (isAuthResponse()) {
    show("正在完成登录…");
    await broadcastResponseToMainFrame();
    return;
  }
  const clientId = deployedSsoClientId();
  if (!clientId) {
    send({
      status: "error",
      code: "invalid_client",
      message: "auth-dialog.html opened without ?sso=<client id>",
    });
    return;
  }
  const tenant = deployedTenantId();
  const redirectUri = `${window.location.origin}/${DIALOG_PAGE}`;
  const pca = await createStandardPublicClientApplication({
    auth: {
      clientId,
      authority: `https://login.microsoftonline.com/${tenant ?? "organizations"}`,
      redirectUri,
    },
    cache: { cacheLocation: "localStorage" },
  });
  const scopes = [apiScope(window.location.origin, clientId)];
  const result = await pca.handleRedirectPromise();
  if (result) {
    pca.setActiveAccount(result.account);
    send(ok(result));
    return;
  }
  const account = pca.getActiveAccount() ?? pca.getAllAccounts()[0];
  if (account) {
    try {
      send(ok(await pca.acquireTokenSilent({ scopes, account })));
      return;
    } catch {
      // Interaction needed: sign in below.
    }
  }
  await pca.acquireTokenRedirect({ scopes, redirectUri, redirectStartPage: window.location.href });
}

run().catch((error: unknown) => {
  const e = error as { errorCode?: unknown; name?: unknown; message?: unknown };
  const code = typeof e.errorCode === "string" ? e.errorCode : typeof e.name === "string" ? e.name : "";
  show("登录失败，请关闭此窗口后重试。");
  try {
    send({ status: "error", code, message: typeof e.message === "string" ? e.message : String(error) });
  } catch {
    // Outside Office (opened by hand): the page says it.
  }
});
