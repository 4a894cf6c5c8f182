using LambdaSlim.Runtime.Invocations;

namespace LambdaSlim.Runtime.Tests;

/// <summary>The runtime's settings read from the environment (process-wide: the assembly's tests run one at a time).</summary>
public class RuntimeOptionsTests
{
    [Theory]
    [InlineData(null, 1, false)]
    [InlineData("", 1, false)]
    [InlineData("1", 1, false)]
    [InlineData("8", 8, false)]
    [InlineData("64", 64, false)]
    [InlineData("0", 1, true)]
    [InlineData("-4", 1, true)]
    [InlineData("eight", 1, true)]
    [InlineData("2.5", 1, true)]
    public void MaxConcurrencyComesFromAwsLambdaMaxConcurrency(string? value, int expected, bool warns)
    {
        Environment.SetEnvironmentVariable(RuntimeOptions.MaxConcurrencyVariable, value);
        try
        {
            var warnings = new List<string>();
            Assert.Equal(expected, RuntimeOptions.FromEnvironment(warnings).MaxConcurrency);
            Assert.Equal(expected, LambdaRuntime.MaxConcurrency);
            if (warns)
            {
                Assert.StartsWith("LSLIM4020: AWS_LAMBDA_MAX_CONCURRENCY=", Assert.Single(warnings));
            }
            else
            {
                Assert.Empty(warnings);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(RuntimeOptions.MaxConcurrencyVariable, null);
        }
    }
}
