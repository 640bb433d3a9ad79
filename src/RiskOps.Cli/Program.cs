using RiskOps.Cli;

return await RiskOpsRootCommand.Create().Parse(args).InvokeAsync();
