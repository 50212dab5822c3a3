using Monolith.BuildingBlocks.Http.Auth;

namespace Monolith.BuildingBlocks.Tests.Http;

public sealed class LoginThrottleTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly LoginThrottle _throttle;

    public LoginThrottleTests() =>
        _throttle = new LoginThrottle(_time, new LoginThrottleOptions { MaxFailuresPerAccount = 5, MaxFailuresPerAddress = 8, MaxFailuresPerAddressGlobally = 20 });

    [Fact]
    public void The_fifth_failure_blocks_the_account_until_the_first_leaves_the_window()
    {
        for (var i = 0; i < 4; i++)
        {
            _throttle.RecordFailure("office-a", "clerk@office.test", null);
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        _throttle.RetryAfter("office-a", "clerk@office.test", null).Should().BeNull();
        _throttle.RecordFailure("office-a", "CLERK@office.test ", null);

        _throttle.RetryAfter("office-a", "clerk@office.test", null).Should().Be(TimeSpan.FromMinutes(11));
        _throttle.RetryAfter("office-b", "clerk@office.test", null).Should().BeNull("accounts are per tenant");

        _time.Advance(TimeSpan.FromMinutes(11));
        _throttle.RetryAfter("office-a", "clerk@office.test", null).Should().BeNull();
    }

    [Fact]
    public void Failures_from_one_address_across_accounts_block_that_address()
    {
        for (var i = 0; i < 8; i++)
        {
            _throttle.RecordFailure("office-a", $"user{i}@office.test", "203.0.113.7");
        }

        _throttle.RetryAfter("office-a", "new@office.test", "203.0.113.7").Should().Be(TimeSpan.FromMinutes(15));
        _throttle.RetryAfter("office-a", "new@office.test", "198.51.100.1").Should().BeNull();
    }

    [Fact]
    public void An_office_whose_address_is_blocked_does_not_lock_out_another_office_behind_the_same_nat()
    {
        for (var i = 0; i < 8; i++)
        {
            _throttle.RecordFailure("ot-caen", $"user{i}@office.test", "203.0.113.7");
        }

        _throttle.RetryAfter("ot-caen", "new@office.test", "203.0.113.7").Should().NotBeNull();
        _throttle.RetryAfter("ot-bayeux", "clerk@ot-bayeux.test", "203.0.113.7").Should().BeNull("the limit per address is per office");
    }

    [Fact]
    public void One_address_failing_across_many_offices_reaches_the_higher_global_ceiling()
    {
        for (var i = 0; i < 20; i++)
        {
            _throttle.RecordFailure($"office-{i}", "clerk@office.test", "203.0.113.7");
        }

        _throttle.RetryAfter("office-new", "clerk@office.test", "203.0.113.7").Should().Be(TimeSpan.FromMinutes(15));
        _throttle.RetryAfter("office-new", "clerk@office.test", "198.51.100.1").Should().BeNull();
    }

    [Fact]
    public void A_success_clears_the_account_failures()
    {
        for (var i = 0; i < 4; i++)
        {
            _throttle.RecordFailure("office-a", "clerk@office.test", null);
        }

        _throttle.RecordSuccess("office-a", "clerk@office.test");
        _throttle.RecordFailure("office-a", "clerk@office.test", null);
        _throttle.RetryAfter("office-a", "clerk@office.test", null).Should().BeNull();
    }
}
