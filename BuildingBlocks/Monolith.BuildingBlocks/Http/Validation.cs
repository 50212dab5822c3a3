using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Monolith.BuildingBlocks.Http;

public static class ValidationEndpointExtensions
{
    /// <summary>Validates the endpoint's <typeparamref name="TRequest"/> argument with the <see cref="IValidator{T}"/> registered in DI
    /// before the handler runs; an invalid request ends as 400 validation problem details (one entry per field).</summary>
    public static RouteHandlerBuilder Validate<TRequest>(this RouteHandlerBuilder builder)
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            var validator = context.HttpContext.RequestServices.GetService<IValidator<TRequest>>()
                ?? throw new InvalidOperationException(
                    $"No validator is registered for {typeof(TRequest).Name}: call services.AddValidator<{typeof(TRequest).Name}, TValidator>().");

            var request = context.Arguments.OfType<TRequest>().FirstOrDefault();
            if (request is null)
            {
                return TypedResults.Problem(PlatformProblems.Validation(new Dictionary<string, string[]>
                {
                    [string.Empty] = ["Le corps de la demande est obligatoire."],
                }));
            }

            var result = await validator.ValidateAsync(request, context.HttpContext.RequestAborted);
            return result.IsValid ? await next(context) : TypedResults.Problem(PlatformProblems.Validation(result.Errors));
        });
        return builder.ProducesValidationProblem();
    }
}

public static class ValidationServiceCollectionExtensions
{
    /// <summary>Registers a validator explicitly (no assembly scanning). Validators are stateless: singleton by default.</summary>
    public static IServiceCollection AddValidator<TRequest, TValidator>(
        this IServiceCollection services, ServiceLifetime lifetime = ServiceLifetime.Singleton)
        where TValidator : class, IValidator<TRequest>
    {
        services.TryAdd(new ServiceDescriptor(typeof(IValidator<TRequest>), typeof(TValidator), lifetime));
        return services;
    }
}
