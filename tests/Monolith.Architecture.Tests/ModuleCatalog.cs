using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.BuildingBlocks.Facts;
using Monolith.BuildingBlocks.Modules;
using Monolith.BuildingBlocks.Projections;

namespace Monolith.Architecture.Tests;

/// <summary>A module as the boundary rules see it: its name, its project folder, and what its <see cref="IModule.Configure"/> plugs in
/// (wire names it registers, projections and reactors).</summary>
public sealed record ModuleUnderTest(string Name, string ProjectFolder, IReadOnlyList<string> WireNames, IReadOnlyList<object> Handlers);

/// <summary>Finds every module project of the solution (from Monolith.sln, not from what the Host references), loads its assembly
/// and runs its <see cref="IModule.Configure"/> on an empty service collection.</summary>
public static partial class ModuleCatalog
{
    public static readonly string RepoRoot = FindRepoRoot();

    /// <summary>Module projects (not Contracts) listed in a solution file's text, as full paths.</summary>
    public static IReadOnlyList<string> ModuleProjectsIn(string slnText, string root) =>
        [.. SlnProject().Matches(slnText)
            .Select(m => m.Groups["path"].Value.Replace('\\', Path.DirectorySeparatorChar))
            .Where(p => p.StartsWith("Modules" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Where(p => !Path.GetFileNameWithoutExtension(p).EndsWith(".Contracts", StringComparison.Ordinal))
            .Select(p => Path.Combine(root, p))
            .Order(StringComparer.Ordinal)];

    public static IReadOnlyList<string> SolutionModuleProjects() =>
        ModuleProjectsIn(File.ReadAllText(Path.Combine(RepoRoot, "Monolith.sln")), RepoRoot);

    /// <summary>The assembly built from each project, or the reason it could not be loaded.</summary>
    public static (IReadOnlyList<(string Project, Assembly Assembly)> Loaded, IReadOnlyList<string> Missing) Load(IEnumerable<string> projects)
    {
        var loaded = new List<(string, Assembly)>();
        var missing = new List<string>();
        foreach (var project in projects)
        {
            var name = Path.GetFileNameWithoutExtension(project);
            try
            {
                loaded.Add((project, Assembly.Load(new AssemblyName(name))));
            }
            catch (FileNotFoundException)
            {
                missing.Add($"{name}: not built next to the architecture tests (is it under Modules/<M>/<project>/ so the glob reference finds it?)");
            }
        }

        return (loaded, missing);
    }

    public static IReadOnlyList<ModuleUnderTest> SolutionModules()
    {
        var (loaded, missing) = Load(SolutionModuleProjects());
        missing.Should().BeEmpty("every module project of the solution is checked");
        return [.. loaded.Select(l => Describe(ModuleOf(l.Assembly), Path.GetDirectoryName(l.Project)!))];
    }

    public static IModule ModuleOf(Assembly assembly)
    {
        var types = assembly.GetExportedTypes().Where(t => typeof(IModule).IsAssignableFrom(t) && !t.IsAbstract).ToList();
        types.Should().ContainSingle($"{assembly.GetName().Name} holds one IModule");
        return (IModule)Activator.CreateInstance(types[0])!;
    }

    /// <summary>Runs the module's Configure and reads back its registrations.</summary>
    public static ModuleUnderTest Describe(IModule module, string projectFolder)
    {
        var services = new ServiceCollection();
        module.Configure(new ModuleBuilder(module.Name, services, new ConfigurationBuilder().Build()));
        var registry = new EventTypeRegistry();
        foreach (var registration in services.Select(d => d.ImplementationInstance).OfType<EventTypeRegistration>())
        {
            registration.Register(registry);
        }

        var handlers = services
            .Where(d => d.ServiceType == typeof(IReactor) || d.ServiceType == typeof(IProjection))
            .Select(d => d.ImplementationInstance ?? RuntimeHelpers.GetUninitializedObject(d.ImplementationType
                ?? throw new InvalidOperationException($"{module.Name}: register projections and reactors by type (m.Projection<T>, m.Reactor<T>, m.React<F, H>)")))
            .ToList();
        return new ModuleUnderTest(module.Name, projectFolder, [.. registry.Types.Select(t => t.Name)], handlers);
    }

    /// <summary>Published facts: the wire names of the <see cref="IIntegrationEvent"/> types declared in Contracts assemblies.</summary>
    public static IReadOnlySet<string> ContractFacts() =>
        AppDomain.CurrentDomain.GetAssemblies().Concat(ContractAssemblies())
            .Distinct()
            .Where(a => a.GetName().Name!.EndsWith(".Contracts", StringComparison.Ordinal))
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => typeof(IIntegrationEvent).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(PublishedFacts.WireNameOf)
            .ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<Assembly> ContractAssemblies() =>
        Directory.GetFiles(AppContext.BaseDirectory, "Monolith.Modules.*.Contracts.dll")
            .Select(f => Assembly.Load(new AssemblyName(Path.GetFileNameWithoutExtension(f))));

    /// <summary>Rule: a projection or reactor of <paramref name="module"/> handles only its own module's wire names and published
    /// facts declared in a Contracts project (<paramref name="contractFacts"/>); a fact reaction reacts to a Contracts fact.
    /// <paramref name="knownNames"/>: every wire name of every module (probed against each handler).</summary>
    public static IReadOnlyList<string> HandlerViolations(ModuleUnderTest module, IReadOnlyCollection<string> knownNames, IReadOnlySet<string> contractFacts)
    {
        var violations = new List<string>();
        foreach (var handler in module.Handlers)
        {
            var (name, handles) = handler switch
            {
                IReactor r => (handler.GetType().Name, (Func<string, bool>)r.Handles),
                IProjection p => (handler.GetType().Name, (Func<string, bool>)p.Handles),
                _ => throw new InvalidOperationException(handler.GetType().Name),
            };
            if (handler is IFactReactor fact)
            {
                name = $"{fact.HandlerType.Name} (reacts to {fact.FactType.Name})";
                if (!fact.FactType.Assembly.GetName().Name!.EndsWith(".Contracts", StringComparison.Ordinal))
                {
                    violations.Add($"{module.Name}: {name} reacts to a fact that no Contracts project declares ({fact.FactType.Assembly.GetName().Name})");
                }
            }

            foreach (var wire in knownNames.Where(n => !n.StartsWith(module.Name + ".", StringComparison.Ordinal) && !contractFacts.Contains(n)))
            {
                if (handles(wire))
                {
                    violations.Add($"{module.Name}: {name} handles '{wire}', an internal event of another module (react to a published fact instead)");
                }
            }
        }

        return violations;
    }

    /// <summary>The tables a piece of SQL (or C# holding SQL) reads or writes.</summary>
    public static IReadOnlyList<string> TablesIn(string text) =>
        [.. TableReference().Matches(text).Select(m => m.Groups["table"].Value).Distinct(StringComparer.Ordinal)];

    /// <summary>Rule: a module's SQL touches only tables prefixed with its own name (<c>membership_…</c>).</summary>
    public static IReadOnlyList<string> SqlViolations(string moduleName, IEnumerable<(string File, string Text)> sources) =>
        [.. sources.SelectMany(s => TablesIn(s.Text)
            .Where(t => !t.StartsWith(moduleName + "_", StringComparison.Ordinal))
            .Select(t => $"{moduleName}: {s.File} touches table '{t}' (a module's SQL touches only '{moduleName}_' tables; ask the owner through its Contracts)"))];

    public static IEnumerable<(string File, string Text)> SourcesOf(string projectFolder) =>
        Directory.EnumerateFiles(projectFolder, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".sql", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(RepoRoot, f), File.ReadAllText(f)));

    [GeneratedRegex("""^Project\("\{[^}]+\}"\)\s*=\s*"[^"]+",\s*"(?<path>[^"]+\.csproj)""", RegexOptions.Multiline)]
    private static partial Regex SlnProject();

    // FROM/JOIN/INTO/UPDATE/TABLE x, and CREATE INDEX … ON x: identifiers in snake_case (every table here has a prefix and an underscore).
    [GeneratedRegex(
        """\b(?:FROM|JOIN|INTO|UPDATE|TABLE(?:\s+IF\s+(?:NOT\s+)?EXISTS)?|INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?[A-Za-z0-9_]+\s+ON)\s+"?(?<table>[a-z][a-z0-9]*_[a-z0-9_]+)\b""",
        RegexOptions.IgnoreCase)]
    private static partial Regex TableReference();

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Monolith.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Monolith.sln not found above the test folder.");
    }
}
