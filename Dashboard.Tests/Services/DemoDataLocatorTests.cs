using LeadScoring.Dashboard.Services;
using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Dashboard.Tests.Services;

public sealed class DemoDataLocatorTests
{
    [Fact]
    public void Find_FromAFolderInsideTheRepository_FindsTheRepositorysData()
    {
        var found = DemoDataLocator.Find(new DemoDataOptions(), Path.Combine(TestPaths.RepositoryRoot, "Dashboard", "Components"));

        Assert.Equal(TestPaths.DataDirectory, found);
    }

    [Fact]
    public void Find_ConfiguredFolderWithoutReferenceFile_IsNull()
    {
        var empty = Directory.CreateTempSubdirectory("no-demo-").FullName;
        try
        {
            Assert.Null(DemoDataLocator.Find(new DemoDataOptions { Directory = empty }, "/"));
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public void ScenarioFiles_TheRepositorysData_AreTheFiveStudyScenariosInSeedOrder()
    {
        var files = DemoDataLocator.ScenarioFiles(TestPaths.DataDirectory);

        Assert.Equal(DemoDataLocator.Scenarios, files.Select(Path.GetFileNameWithoutExtension));
    }
}
