using System.Text.Json.Serialization;
using YamlDotNet.RepresentationModel;

namespace QuizBot.QuestionBank;

[JsonConverter(typeof(JsonStringEnumConverter<UnitKind>))]
public enum UnitKind { Province, District, Commune, Base, Cell }

/// <summary>One unit of the party organisation tree as <c>org-units.yaml</c> defines it.</summary>
public sealed record BankUnit(
    string Code,
    string Name,
    UnitKind Kind,
    string? ParentCode,
    string? FormerDistrict,
    DateOnly? ValidFrom,
    DateOnly? ValidUntil,
    int Order,
    SourceLocation Location,
    int? Members = null);

public static class OrgUnitParser
{
    private static readonly Dictionary<string, UnitKind> Kinds = new()
    {
        ["province"] = UnitKind.Province,
        ["district"] = UnitKind.District,
        ["commune"] = UnitKind.Commune,
        ["base"] = UnitKind.Base,
        ["cell"] = UnitKind.Cell,
    };

    public static IReadOnlyList<BankUnit> Parse(string file, string yaml, List<BankError> errors)
    {
        var root = BankParser.LoadRoot(file, yaml, errors);
        if (root is null) return [];
        var fields = new YamlFields(root, file, errors);
        fields.RejectUnknown("units");
        if (fields.Get("units") is not YamlSequenceNode list)
        {
            fields.Error(root, "expected a list 'units:'");
            return [];
        }
        var units = new List<BankUnit>();
        Walk(list, parent: null, file, errors, units);
        return units;
    }

    private static void Walk(YamlSequenceNode list, BankUnit? parent, string file, List<BankError> errors, List<BankUnit> units)
    {
        foreach (var item in list)
        {
            if (item is not YamlMappingNode mapping)
            {
                errors.Add(new BankError(new SourceLocation(file, (int)item.Start.Line), "each unit needs 'code', 'name' and 'kind'"));
                continue;
            }
            var u = new YamlFields(mapping, file, errors);
            u.RejectUnknown("code", "name", "kind", "former_district", "valid_from", "valid_until", "members", "children");
            var code = u.String("code");
            var name = u.String("name");
            var kind = u.Enum("kind", Kinds);
            if (code is not null && !BankParser.IdPattern().IsMatch(code)) u.Error(mapping, $"unit code '{code}' may hold only letters, digits and '-'");
            if (code is not null && units.FirstOrDefault(x => x.Code == code) is { } twin) u.Error(mapping, $"unit code '{code}' is already used at line {twin.Location.Line}");
            if (parent is { Kind: UnitKind.Cell }) u.Error(mapping, "a cell cannot have units under it");
            if (code is null || name is null || kind is null) continue;

            var unit = new BankUnit(code, name, kind.Value, parent?.Code, u.String("former_district", required: false),
                u.Date("valid_from"), u.Date("valid_until"), units.Count, u.Location, u.Get("members") is null ? null : u.Int("members", 1, 10_000_000));
            units.Add(unit);
            switch (u.Get("children"))
            {
                case null: break;
                case YamlSequenceNode children: Walk(children, unit, file, errors, units); break;
                case var other: u.Error(other, "'children' must be a list of units"); break;
            }
        }
    }
}
