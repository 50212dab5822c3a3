using FluentValidation;
using Monolith.BuildingBlocks.Http;

namespace Monolith.BuildingBlocks.Modules;

public sealed partial class ModuleBuilder
{
    /// <summary>Registers the validator a use case's endpoint runs with <c>.Validate&lt;TRequest&gt;()</c>.</summary>
    public ModuleBuilder Validator<TRequest, TValidator>()
        where TValidator : class, IValidator<TRequest>
    {
        Services.AddValidator<TRequest, TValidator>();
        return this;
    }
}
