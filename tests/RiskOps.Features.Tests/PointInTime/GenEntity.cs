namespace RiskOps.Features.Tests.PointInTime;

/// <summary>A generated entity row: key index (5 = an entity with no rows), time slot and a quarter-slot offset.</summary>
internal sealed record GenEntity(int Key, int Slot, int Quarter);
