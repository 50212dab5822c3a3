using System.Reflection;
using System.Xml.Linq;
using Monolith.BuildingBlocks.Modules;

namespace Monolith.Architecture.Tests;

/// <summary>Modules are rooms with doors: a module sees other modules only through their Contracts projects.</summary>
public class ModuleBoundaryTests
{
    private static readonly string RepoRoot = FindRepoRoot();

    public static TheoryData<string> ModuleProjects() => Data(ModuleProjectPaths());

    private static IEnumerable<string> ModuleProjectPaths() => Directory
        .GetFiles(Path.Combine(RepoRoot, "Modules"), "*.csproj", SearchOption.AllDirectories)
        .Where(p => !Path.GetFileNameWithoutExtension(p).EndsWith(".Contracts", StringComparison.Ordinal));

    public static TheoryData<string> ContractProjects() => Data(Directory
        .GetFiles(Path.Combine(RepoRoot, "Modules"), "*.Contracts.csproj", SearchOption.AllDirectories));

    [Fact]
    public void There_is_at_least_one_module_and_every_module_has_a_contracts_project()
    {
        var modules = ModuleProjectPaths().ToList();
        modules.Should().NotBeEmpty();
        foreach (var module in modules)
        {
            var contracts = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(module))!,
                Path.GetFileNameWithoutExtension(module) + ".Contracts", Path.GetFileNameWithoutExtension(module) + ".Contracts.csproj");
            File.Exists(contracts).Should().BeTrue($"{Path.GetFileName(module)} needs its public Contracts project next to it");
        }
    }

    [Theory]
    [MemberData(nameof(ModuleProjects))]
    public void A_module_references_only_building_blocks_and_contracts(string csproj)
    {
        foreach (var reference in ProjectReferences(csproj))
        {
            var name = Path.GetFileNameWithoutExtension(reference);
            (name == "Monolith.BuildingBlocks" || name.EndsWith(".Contracts", StringComparison.Ordinal))
                .Should().BeTrue($"{Path.GetFileName(csproj)} may not reference {name}: use that module's Contracts project");
        }
    }

    [Theory]
    [MemberData(nameof(ContractProjects))]
    public void A_contracts_project_references_only_building_blocks(string csproj)
    {
        ProjectReferences(csproj).Select(Path.GetFileNameWithoutExtension)
            .Should().OnlyContain(n => n == "Monolith.BuildingBlocks", $"{Path.GetFileName(csproj)} is a public contract");
    }

    [Fact]
    public void Building_blocks_reference_no_module()
    {
        var csproj = Path.Combine(RepoRoot, "BuildingBlocks", "Monolith.BuildingBlocks", "Monolith.BuildingBlocks.csproj");
        ProjectReferences(csproj).Should().BeEmpty();
        typeof(IModule).Assembly.GetReferencedAssemblies().Select(a => a.Name)
            .Should().NotContain(n => n!.StartsWith("Monolith.Modules", StringComparison.Ordinal));
    }

    [Fact]
    public void The_only_public_type_of_a_module_assembly_is_its_module()
    {
        var assemblies = ModuleAssemblies().ToList();
        assemblies.Should().NotBeEmpty("the host references every module");
        foreach (var assembly in assemblies)
        {
            var exported = assembly.GetExportedTypes();
            exported.Should().ContainSingle($"{assembly.GetName().Name} exposes only its IModule (found: {string.Join(", ", exported.Select(t => t.Name))})")
                .Which.Should().BeAssignableTo<IModule>();
        }
    }

    [Fact]
    public void Module_assemblies_do_not_reference_each_other()
    {
        var modules = ModuleAssemblies().Select(a => a.GetName().Name!).ToHashSet();
        foreach (var assembly in ModuleAssemblies())
        {
            assembly.GetReferencedAssemblies().Select(a => a.Name!)
                .Should().NotContain(n => modules.Contains(n), $"{assembly.GetName().Name} must go through Contracts");
        }
    }

    private static IEnumerable<Assembly> ModuleAssemblies()
    {
        var directory = AppContext.BaseDirectory;
        foreach (var file in Directory.GetFiles(directory, "Monolith.Modules.*.dll"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (!name.EndsWith(".Contracts", StringComparison.Ordinal) && !name.EndsWith(".Tests", StringComparison.Ordinal))
            {
                yield return Assembly.Load(new AssemblyName(name));
            }
        }
    }

    private static IEnumerable<string> ProjectReferences(string csproj) =>
        XDocument.Load(csproj).Descendants("ProjectReference")
            .Select(e => (string)e.Attribute("Include")!)
            .Select(p => p.Replace('\\', Path.DirectorySeparatorChar));

    private static TheoryData<string> Data(IEnumerable<string> items)
    {
        var data = new TheoryData<string>();
        foreach (var item in items.Order(StringComparer.Ordinal))
        {
            data.Add(item);
        }

        return data;
    }

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
