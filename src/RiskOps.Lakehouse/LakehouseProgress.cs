namespace RiskOps.Lakehouse;

/// <summary>Progress of a pipeline step, for progress bars.</summary>
/// <param name="Step">bronze, silver, gold or retention.</param>
/// <param name="Done">Units finished.</param>
/// <param name="Total">Units in the step.</param>
/// <param name="Item">What is being worked on.</param>
public sealed record LakehouseProgress(string Step, int Done, int Total, string Item);
