using System.ComponentModel.DataAnnotations;

namespace RiskOps.Api.Hosting;

/// <summary>One A/B experiment: a deterministic share of entities (by hash of the id) scored by a challenger version.</summary>
public sealed class ExperimentOptions
{
    /// <summary>Experiment name; part of the hash so experiments split independently.</summary>
    [Required]
    public string Name { get; set; } = "";

    /// <summary>Model the experiment applies to. Default: <c>crai</c>.</summary>
    [Required]
    public string Model { get; set; } = "crai";

    /// <summary>Registered version of the challenger.</summary>
    [Range(1, int.MaxValue)]
    public int ChallengerVersion { get; set; }

    /// <summary>Share of entities routed to the challenger, 0–1. Default: 0.1.</summary>
    [Range(0.0, 1.0)]
    public double Share { get; set; } = 0.1;
}
