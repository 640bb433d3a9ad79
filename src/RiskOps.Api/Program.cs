using RiskOps.Api;

var app = RiskOpsApi.Build(args);
app.Run();
