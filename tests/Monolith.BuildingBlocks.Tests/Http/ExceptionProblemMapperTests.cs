using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;

namespace Monolith.BuildingBlocks.Tests.Http;

public sealed class ExceptionProblemMapperTests
{
    private static DefaultHttpContext Context(bool ifMatch = false)
    {
        var context = new DefaultHttpContext();
        if (ifMatch)
        {
            context.Request.Headers.IfMatch = "\"3\"";
        }

        return context;
    }

    [Fact]
    public void FluentValidation_errors_are_grouped_per_camel_cased_field()
    {
        var exception = new ValidationException(
        [
            new ValidationFailure("Address.PostalCode", "Enter a 5-digit postal code."),
            new ValidationFailure("Lines[0].Amount", "The amount must be positive."),
            new ValidationFailure("Lines[0].Amount", "The amount is too large."),
            new ValidationFailure("Name", "Enter a name."),
        ]);

        var problem = ExceptionProblemMapper.Map(exception, Context());

        problem.Status.Should().Be(400);
        problem.Type.Should().Be(ProblemTypes.Validation);
        var errors = problem.Should().BeOfType<HttpValidationProblemDetails>().Subject.Errors;
        errors.Keys.Should().BeEquivalentTo("address.postalCode", "lines[0].amount", "name");
        errors["lines[0].amount"].Should().Equal("The amount must be positive.", "The amount is too large.");
    }

    [Fact]
    public void Not_found_is_404_with_the_message() =>
        ExceptionProblemMapper.Map(new NotFoundException("Office x was not found."), Context())
            .Should().BeEquivalentTo(new { Status = 404, Type = ProblemTypes.NotFound, Detail = "Office x was not found." });

    [Fact]
    public void Rule_violation_is_422_with_its_code()
    {
        var problem = ExceptionProblemMapper.Map(new DomainRuleViolation("quote.expired", "Le devis a expiré."), Context());
        problem.Status.Should().Be(422);
        problem.Detail.Should().Be("Le devis a expiré.");
        problem.Extensions["code"].Should().Be("quote.expired");
    }

    [Fact]
    public void Conflicting_rule_violation_is_409() =>
        ExceptionProblemMapper.Map(new DomainRuleViolation("x.y", "Already done.", isConflict: true), Context()).Status.Should().Be(409);

    [Theory]
    [InlineData(true, 412, ProblemTypes.PreconditionFailed)]
    [InlineData(false, 409, ProblemTypes.ConcurrencyConflict)]
    public void Wrong_expected_revision_is_412_with_IfMatch_else_409(bool ifMatch, int status, string type)
    {
        var problem = ExceptionProblemMapper.Map(new WrongExpectedRevisionException("office-1", ExpectedRevision.Exact(3), 5), Context(ifMatch));
        problem.Status.Should().Be(status);
        problem.Type.Should().Be(type);
        problem.Detail.Should().NotContain("office-1");
    }

    [Fact]
    public void Unknown_exceptions_are_a_generic_500()
    {
        var problem = ExceptionProblemMapper.Map(new InvalidOperationException("password=hunter2"), Context());
        problem.Status.Should().Be(500);
        problem.Detail.Should().Be(PlatformProblems.UnexpectedDetail);
        problem.Title.Should().NotContain("hunter2");
    }

    [Fact]
    public void Unauthenticated_is_401() =>
        ExceptionProblemMapper.Map(new UnauthenticatedException(), null).Status.Should().Be(401);

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void A_database_locked_past_its_busy_timeout_is_503_try_again_not_500(int sqliteCode)
    {
        var problem = ExceptionProblemMapper.Map(new Microsoft.Data.Sqlite.SqliteException("SQLite Error 5: 'database is locked'.", sqliteCode), Context());

        problem.Status.Should().Be(503);
        problem.Type.Should().Be(ProblemTypes.ServiceBusy);
        problem.Detail.Should().Contain("réessayez").And.NotContain("SQLite");
        problem.Extensions["retryAfterSeconds"].Should().Be(2);
    }

    [Fact]
    public void Another_SQLite_error_stays_a_generic_500() =>
        ExceptionProblemMapper.Map(new Microsoft.Data.Sqlite.SqliteException("SQLite Error 19: 'constraint failed'.", 19), Context()).Status.Should().Be(500);
}
