/*
 * qualifiers.c - DSP0004's standard qualifiers as a table, and the lookup
 * that prefers a qualifier's MOF declaration to it (qualifiers.h).
 */
#include "qualifiers.h"

#include <string.h>
#include <strings.h>

#define CLS (SCOPE_CLASS | SCOPE_ASSOCIATION | SCOPE_INDICATION)
#define PRP (SCOPE_PROPERTY | SCOPE_REFERENCE)
#define PMP (SCOPE_PROPERTY | SCOPE_METHOD | SCOPE_PARAMETER)

/* DSP0004 standard and optional qualifiers, and the WMI ones real WMI MOF
 * uses, for MOF that does not declare them.  A declaration in the MOF wins. */
static const qualifier_info standard_qualifiers[] = {
    {"Abstract", CIM_BOOLEAN, false, CLS, true},
    {"Aggregate", CIM_BOOLEAN, false, SCOPE_REFERENCE, false},
    {"Aggregation", CIM_BOOLEAN, false, SCOPE_ASSOCIATION, false},
    {"Alias", CIM_STRING, false, PRP | SCOPE_METHOD, false},
    {"amendment", CIM_BOOLEAN, false, SCOPE_ANY, false},
    {"ArrayType", CIM_STRING, false, SCOPE_PROPERTY | SCOPE_PARAMETER, false},
    {"Association", CIM_BOOLEAN, false, SCOPE_ASSOCIATION | SCOPE_CLASS, false},
    {"BitMap", CIM_STRING, true, PMP, false},
    {"BitValues", CIM_STRING, true, PMP, false},
    {"CIMTYPE", CIM_STRING, false, PRP | SCOPE_METHOD | SCOPE_PARAMETER, false},
    {"ClassConstraint", CIM_STRING, true, CLS, false},
    {"Composition", CIM_BOOLEAN, false, SCOPE_ASSOCIATION, false},
    {"Correlatable", CIM_STRING, true, SCOPE_PROPERTY, false},
    {"Counter", CIM_BOOLEAN, false, PMP, false},
    {"Delete", CIM_BOOLEAN, false, SCOPE_ASSOCIATION | SCOPE_REFERENCE, false},
    {"Deprecated", CIM_STRING, true, SCOPE_ANY, true},
    {"Description", CIM_STRING, false, SCOPE_ANY, false},
    {"DisplayDescription", CIM_STRING, false, SCOPE_ANY, false},
    {"DisplayName", CIM_STRING, false, SCOPE_ANY, false},
    {"DN", CIM_BOOLEAN, false, PRP | SCOPE_PARAMETER | SCOPE_METHOD, false},
    {"dynamic", CIM_BOOLEAN, false, CLS, false},
    {"EmbeddedInstance", CIM_STRING, false, PMP, false},
    {"EmbeddedObject", CIM_BOOLEAN, false, PMP, false},
    {"Exception", CIM_BOOLEAN, false, CLS, false},
    {"Expensive", CIM_BOOLEAN, false, SCOPE_ANY, false},
    {"Experimental", CIM_BOOLEAN, false, SCOPE_ANY, true},
    {"Gauge", CIM_BOOLEAN, false, PMP, false},
    {"ID", CIM_UINT32, false, SCOPE_PARAMETER, false},
    {"Ifdeleted", CIM_BOOLEAN, false, SCOPE_ASSOCIATION | SCOPE_REFERENCE, false},
    {"implemented", CIM_BOOLEAN, false, SCOPE_METHOD, false},
    {"In", CIM_BOOLEAN, false, SCOPE_PARAMETER, false},
    {"Indication", CIM_BOOLEAN, false, SCOPE_CLASS | SCOPE_INDICATION, false},
    {"Invisible", CIM_BOOLEAN, false, SCOPE_ANY, false},
    {"IsPUnit", CIM_BOOLEAN, false, PMP, false},
    {"Key", CIM_BOOLEAN, false, PRP, false},
    {"Large", CIM_BOOLEAN, false, CLS | SCOPE_PROPERTY, false},
    {"locale", CIM_SINT32, false, CLS, false},
    {"MappingStrings", CIM_STRING, true, SCOPE_ANY, false},
    {"Max", CIM_UINT32, false, SCOPE_REFERENCE, false},
    {"MaxLen", CIM_UINT32, false, PMP, false},
    {"MaxValue", CIM_SINT64, false, PMP, false},
    {"MethodConstraint", CIM_STRING, true, SCOPE_METHOD, false},
    {"Min", CIM_UINT32, false, SCOPE_REFERENCE, false},
    {"MinLen", CIM_UINT32, false, PMP, false},
    {"MinValue", CIM_SINT64, false, PMP, false},
    {"ModelCorrespondence", CIM_STRING, true, SCOPE_ANY, false},
    {"Nonlocal", CIM_STRING, false, SCOPE_REFERENCE, false},
    {"NonlocalType", CIM_STRING, false, SCOPE_REFERENCE, false},
    {"NullValue", CIM_STRING, false, SCOPE_PROPERTY, false},
    {"OctetString", CIM_BOOLEAN, false, PMP, false},
    {"Out", CIM_BOOLEAN, false, SCOPE_PARAMETER, false},
    {"Override", CIM_STRING, false, PRP | SCOPE_METHOD, true},
    {"OverridingMethod", CIM_STRING, false, SCOPE_METHOD, false},
    {"PackagePath", CIM_STRING, false, CLS, false},
    {"privileges", CIM_STRING, true, SCOPE_ANY, false},
    {"PropertyConstraint", CIM_STRING, true, PRP, false},
    {"PropertyUsage", CIM_STRING, false, SCOPE_PROPERTY, false},
    {"provider", CIM_STRING, false, CLS, false},
    {"Provider", CIM_STRING, false, SCOPE_ANY, false},
    {"PUnit", CIM_STRING, false, PMP, false},
    {"Read", CIM_BOOLEAN, false, SCOPE_PROPERTY, false},
    {"Reference", CIM_STRING, false, SCOPE_PROPERTY, false},
    {"Required", CIM_BOOLEAN, false, PRP | SCOPE_METHOD | SCOPE_PARAMETER, false},
    {"Revision", CIM_STRING, false, CLS, false},
    {"Schema", CIM_STRING, false, SCOPE_PROPERTY | SCOPE_METHOD, false},
    {"Source", CIM_STRING, false, CLS, false},
    {"SourceType", CIM_STRING, false, CLS | SCOPE_REFERENCE, false},
    {"Static", CIM_BOOLEAN, false, SCOPE_PROPERTY | SCOPE_METHOD, false},
    {"Stream", CIM_BOOLEAN, false, PMP, false},
    {"Syntax", CIM_STRING, false, PMP, false},
    {"SyntaxType", CIM_STRING, false, PMP, false},
    {"Terminal", CIM_BOOLEAN, false, CLS, false},
    {"TriggerType", CIM_STRING, false, SCOPE_ANY, false},
    {"UMLPackagePath", CIM_STRING, false, CLS, false},
    {"Units", CIM_STRING, false, PMP, false},
    {"UnknownValues", CIM_STRING, true, SCOPE_PROPERTY, false},
    {"UnsupportedValues", CIM_STRING, true, SCOPE_PROPERTY, false},
    {"ValueMap", CIM_STRING, true, PMP, false},
    {"Values", CIM_STRING, true, PMP, false},
    {"Version", CIM_STRING, false, CLS, true},
    {"Weak", CIM_BOOLEAN, false, SCOPE_REFERENCE, false},
    /* WMI's own (Microsoft's "WMI Qualifiers"), as WMI MOF files use them. */
    {"ClassContext", CIM_STRING, false, CLS, false},
    {"Constructor", CIM_BOOLEAN, false, SCOPE_METHOD, false},
    {"CreateBy", CIM_STRING, false, CLS, false},
    {"DeleteBy", CIM_STRING, false, CLS, false},
    {"Destructor", CIM_BOOLEAN, false, SCOPE_METHOD, false},
    {"InstanceContext", CIM_STRING, false, CLS, false},
    {"Lazy", CIM_BOOLEAN, false, SCOPE_PROPERTY, false},
    {"Not_Null", CIM_BOOLEAN, false, PRP, false},
    {"Optional", CIM_BOOLEAN, false, SCOPE_PARAMETER, false},
    {"PropertyContext", CIM_STRING, false, SCOPE_PROPERTY, false},
    {"Singleton", CIM_BOOLEAN, false, CLS, false},
    {"SubType", CIM_STRING, false, PMP, false},
    {"SupportsCreate", CIM_BOOLEAN, false, CLS, false},
    {"SupportsDelete", CIM_BOOLEAN, false, CLS, false},
    {"SupportsUpdate", CIM_BOOLEAN, false, CLS, false},
    {"UUID", CIM_STRING, false, CLS, false},
    {"WmiDataId", CIM_UINT32, false, SCOPE_PROPERTY, false},
    {"WmiMethodId", CIM_UINT32, false, SCOPE_METHOD, false},
    {"WmiSizeIs", CIM_STRING, false, SCOPE_PROPERTY | SCOPE_PARAMETER, false},
    {"Write", CIM_BOOLEAN, false, SCOPE_PROPERTY, false},
    {"WriteOnly", CIM_BOOLEAN, false, SCOPE_PROPERTY, false},
};

static unsigned scope_bit(const char *name)
{
    static const struct { const char *name; unsigned bit; } scopes[] = {
        {"class", SCOPE_CLASS}, {"association", SCOPE_ASSOCIATION}, {"indication", SCOPE_INDICATION},
        {"property", SCOPE_PROPERTY}, {"reference", SCOPE_REFERENCE}, {"method", SCOPE_METHOD},
        {"parameter", SCOPE_PARAMETER}, {"qualifier", SCOPE_QUALIFIER}, {"any", SCOPE_ANY},
    };
    for (size_t i = 0; i < sizeof scopes / sizeof scopes[0]; i++)
        if (strcasecmp(scopes[i].name, name) == 0)
            return scopes[i].bit;
    return 0;
}

void qualifier_infos_init(model *m, arena *a)
{
    m->qualifier_infos = name_table_new(a);
    for (size_t i = 0; i < sizeof standard_qualifiers / sizeof standard_qualifiers[0]; i++)
        if (!name_table_get(m->qualifier_infos, standard_qualifiers[i].name)) /* the first, as the search was */
            name_table_put(m->qualifier_infos, standard_qualifiers[i].name, (void *)&standard_qualifiers[i]);
}

void qualifier_info_add(model *m, arena *a, const ast_qualifier_decl *d)
{
    qualifier_info *info = arena_alloc(a, sizeof *info);
    *info = (qualifier_info){d->name, d->type.intrinsic, d->array != ARRAY_NONE, 0, false};
    for (size_t i = 0; i < d->scopes.count; i++)
        info->scopes |= scope_bit(((const ast_name *)d->scopes.items[i])->text);
    for (size_t i = 0; i < d->flavors.count; i++)
        if (strcasecmp(((const ast_name *)d->flavors.items[i])->text, "Restricted") == 0)
            info->restricted = true;
    name_table_put(m->qualifier_infos, d->name, info);
}

bool qualifier_lookup(const model *m, const char *name, qualifier_info *out)
{
    const qualifier_info *info = name_table_get(m->qualifier_infos, name);
    if (info)
        *out = *info;
    return info != NULL;
}

bool qualifier_is_restricted(const model *m, const char *name)
{
    qualifier_info info;
    return qualifier_lookup(m, name, &info) && info.restricted;
}

bool qualifier_disables_override(const model *m, const char *name)
{
    const ast_qualifier_decl *d = name_table_get(m->qualifier_index, name);
    if (d) {
        for (size_t i = 0; i < d->flavors.count; i++)
            if (strcasecmp(((const ast_name *)d->flavors.items[i])->text, "DisableOverride") == 0)
                return true;
        return false;
    }
    /* DSP0004's standard qualifiers whose flavor is DisableOverride. */
    static const char *const fixed[] = {"Aggregate", "Aggregation", "ArrayType", "Association", "Composition",
                                        "EmbeddedObject", "Exception", "In", "Indication", "Key", "Out",
                                        "Propagated", "Static", "Weak"};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (strcasecmp(fixed[i], name) == 0)
            return true;
    return false;
}

void qualifier_suggest_standard(suggestion *s)
{
    for (size_t i = 0; i < sizeof standard_qualifiers / sizeof standard_qualifiers[0]; i++)
        suggest_consider(s, standard_qualifiers[i].name);
}
