// Function file of the ribbon. The 督办清单 button uses the manifest's ShowTaskpane action, so Office
// opens the pane itself; this page only has to exist and initialise Office.js. Ribbon commands that run
// code without opening the pane (ExecuteFunction) are registered here with Office.actions.associate.
if (typeof Office !== "undefined") {
  void Office.onReady();
}
