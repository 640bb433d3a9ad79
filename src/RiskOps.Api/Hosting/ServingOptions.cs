using System.ComponentModel.DataAnnotations;

namespace RiskOps.Api.Hosting;

/// <summary>Serving configuration, section <c>RiskOps:Serving</c>.</summary>
public sealed class ServingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "RiskOps:Serving";

    /// <summary>The data directory (see DataLayout). Default: <c>./data</c>.</summary>
    [Required]
    public string DataDir { get; set; } = "./data";

    /// <summary>Registered name of the customer risk model. Default: <c>crai</c>.</summary>
    [Required]
    public string RiskModel { get; set; } = "crai";

    /// <summary>Registered name of the claims triage model. Default: <c>claims_triage</c>.</summary>
    [Required]
    public string ClaimModel { get; set; } = "claims_triage";

    /// <summary>Feature service the risk model reads when its manifest does not name one. Default: <c>crai</c>.</summary>
    [Required]
    public string RiskFeatureService { get; set; } = "crai";

    /// <summary>How long a cached risk score is served. Default: 24 h.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan RiskCacheTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Age past which the surge grid is reported stale. Default: 20 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SurgeGridStaleAfter { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>How often the registry is polled for a newly promoted model. Default: 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan ModelPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Prediction log queue capacity; beyond it entries are shed and counted. Default: 65,536.</summary>
    [Range(1, 10_000_000)]
    public int PredictionLogCapacity { get; set; } = 65_536;

    /// <summary>Largest claim batch accepted. Default: 1,000.</summary>
    [Range(1, 100_000)]
    public int ClaimBatchLimit { get; set; } = 1000;

    /// <summary>Claims with a high-risk probability at or above this go to manual review. Default: 0.5.</summary>
    [Range(0.0, 1.0)]
    public double ClaimReviewThreshold { get; set; } = 0.5;

    /// <summary>Customers scored per inference batch by the re-scoring job. Default: 8,192.</summary>
    [Range(1, 1_000_000)]
    public int RescoringBatchSize { get; set; } = 8192;

    /// <summary>
    /// Entries the risk cache's arrays hold before they first grow (they double when full; a doubling copies the whole
    /// cache once). Set it to the customer population to avoid any growth while serving. Default: 65,536.
    /// </summary>
    [Range(16, 100_000_000)]
    public int RiskCacheCapacity { get; set; } = 65_536;

    /// <summary>Number of top contributing factors returned. Default: 5.</summary>
    [Range(0, 100)]
    public int TopFactors { get; set; } = 5;

    /// <summary>Cron schedule (Quartz syntax, UTC) of the nightly ETL, materialization and re-scoring. Default: 02:00 daily.</summary>
    [Required]
    public string NightlyCron { get; set; } = "0 0 2 * * ?";

    /// <summary>Cron schedule of the surge grid. Default: every 15 minutes.</summary>
    [Required]
    public string SurgeGridCron { get; set; } = "0 0/15 * * * ?";

    /// <summary>Cron schedule of weekly retraining. Default: Sunday 03:00.</summary>
    [Required]
    public string RetrainCron { get; set; } = "0 0 3 ? * SUN";

    /// <summary>Whether the scheduler runs in this process. Default: true.</summary>
    public bool RunScheduler { get; set; } = true;

    /// <summary>A/B experiments routing a share of entities to a challenger version. Default: none.</summary>
    public IList<ExperimentOptions> Experiments { get; } = [];

    /// <summary>
    /// Whether customer-risk cache hits are answered ahead of routing (<c>CustomerRiskFastPath</c>); the answer is the
    /// same either way. Default: true.
    /// </summary>
    public bool CustomerRiskFastPath { get; set; } = true;

    /// <summary>Pricing policy.</summary>
    public PricingOptions Pricing { get; set; } = new();
}
