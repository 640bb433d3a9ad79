namespace RiskOps.Training.Data;

/// <summary>A source row refused for training, with its 1-based row number and reason.</summary>
public sealed record QuarantinedRow(long Row, string? Id, string Reason);
