using RiskOps.Core.Modeling;

namespace RiskOps.Models.Artifacts;

/// <summary>The serialized form of a <see cref="Encoding.FeatureEncoder"/>.</summary>
internal sealed record EncoderState(List<FeatureRef> Features, Dictionary<string, List<string>> Levels);
