using Microsoft.AspNetCore.Http;
using RiskOps.Api.Hosting;

namespace RiskOps.Api.Tests;

public sealed class PathApiVersionReaderTests
{
    [Theory]
    [InlineData("/api/v1/predict/customer-risk", "1")]
    [InlineData("/api/v1", "1")]
    [InlineData("/API/v1.0/models/current", "1.0")]
    public void Read_ServedVersionInPath_IsReadFromThePath(string path, string expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        Assert.Equal([expected], new PathApiVersionReader("1", "1.0").Read(context.Request));
    }
}
