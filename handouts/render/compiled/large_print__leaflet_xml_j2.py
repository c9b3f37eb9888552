from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'large-print/leaflet.xml.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_clinic = resolve('clinic')
    l_0_t = resolve('t')
    l_0_leaflet = resolve('leaflet')
    l_0_sections = resolve('sections')
    l_0_patient = resolve('patient')
    l_0_tiers = resolve('tiers')
    l_0_sources = resolve('sources')
    l_0_m = l_0_pictured = missing
    try:
        t_1 = environment.filters['inline']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'inline' found.")
    try:
        t_2 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_3 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_4 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_5 = environment.filters['page_fields']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'page_fields' found.")
    try:
        t_6 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    try:
        t_7 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    pass
    l_0_m = context.vars['m'] = environment.get_template('_common/macros.xml.j2', 'large-print/leaflet.xml.j2')._get_default_module(context)
    context.exported_vars.discard('m')
    yield '<leaflet>\n'
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'logo'):
        pass
        yield '<logo width="2.6in" height="0.9in" alt="'
        yield escape(t_6(context.eval_ctx, environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'logo_alt'), '{clinic}', environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'name')))
        yield '"/>\n<spacer height="10"/>\n'
    yield '<title>'
    yield escape(environment.getattr((undefined(name='leaflet') if l_0_leaflet is missing else l_0_leaflet), 'title'))
    yield '</title>\n<subtitle>'
    yield escape(environment.getattr((undefined(name='leaflet') if l_0_leaflet is missing else l_0_leaflet), 'subtitle'))
    yield '</subtitle>\n\n<box style="main">\n  <h2 style="box-title">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'main_message'))
    yield '</h2>\n  <list type="number" style="main">'
    yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'items'), environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'main'), brackets=True))
    yield '</list>\n</box>\n\n'
    if environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'patient_given'), (undefined(name='patient') if l_0_patient is missing else l_0_patient)):
        pass
        yield '<box style="for-you">'
        yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'for_you'), (undefined(name='patient') if l_0_patient is missing else l_0_patient), (undefined(name='t') if l_0_t is missing else l_0_t), style='body'))
        yield '</box>\n'
    yield '\n<h2>'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sections'), 'about'))
    yield '</h2>\n'
    for l_1_item in environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'about'):
        _loop_vars = {}
        pass
        yield '<p>'
        yield escape(t_1(environment.getattr(l_1_item, 'text')))
        yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'cite'), l_1_item, brackets=True, _loop_vars=_loop_vars))
        yield '</p>\n'
    l_1_item = missing
    yield '\n<h2>'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sections'), 'relief'))
    yield '</h2>\n<list type="number">'
    yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'items'), environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'relief'), brackets=True))
    yield '</list>\n'
    l_0_pictured = t_4(context.eval_ctx, t_7(context, environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'relief'), 'picture'))
    context.vars['pictured'] = l_0_pictured
    context.exported_vars.add('pictured')
    if (undefined(name='pictured') if l_0_pictured is missing else l_0_pictured):
        pass
        yield '<row widths="'
        yield escape(t_2(context.eval_ctx, environment.call_binop(context, '*', ['*'], t_3((undefined(name='pictured') if l_0_pictured is missing else l_0_pictured))), ','))
        yield '" gap="24" space_after="10">\n'
        for l_1_item in (undefined(name='pictured') if l_0_pictured is missing else l_0_pictured):
            _loop_vars = {}
            pass
            yield '  <cell>'
            yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'figures'), [l_1_item], (undefined(name='t') if l_0_t is missing else l_0_t), width='2.9in', height='1.9in', _loop_vars=_loop_vars))
            yield '</cell>\n'
        l_1_item = missing
        yield '</row>\n'
    yield '\n<h2>'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sections'), 'prevent'))
    yield '</h2>\n<list>'
    yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'items'), environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'prevent'), brackets=True))
    yield '</list>\n\n<h2>'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sections'), 'warning'))
    yield '</h2>\n'
    for l_1_tier in (undefined(name='tiers') if l_0_tiers is missing else l_0_tiers):
        _loop_vars = {}
        pass
        yield '<tier level="'
        yield escape(environment.getattr(l_1_tier, 'id'))
        yield '">\n  <h3>'
        yield escape(environment.getattr(environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'tiers'), environment.getattr(l_1_tier, 'id')), 'heading'))
        yield '</h3>\n  <list>'
        yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'items'), environment.getattr(l_1_tier, 'signs'), brackets=True, _loop_vars=_loop_vars))
        yield '</list>\n'
        if (environment.getattr(l_1_tier, 'id') == 'call-today'):
            pass
            yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'same_day_phones'), (undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), (undefined(name='t') if l_0_t is missing else l_0_t), lines=True, _loop_vars=_loop_vars))
        yield '</tier>\n'
    l_1_tier = missing
    yield '\n<h2>'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sections'), 'avoid'))
    yield '</h2>\n<list>'
    yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'items'), environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'avoid'), brackets=True))
    yield '</list>\n\n<h2>'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sections'), 'plan'))
    yield '</h2>\n<p>'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'plan_intro'))
    yield '</p>\n<checklist>'
    def t_8(fiter):
        for l_1_item in fiter:
            if (environment.getattr(l_1_item, 'kind') == 'check'):
                yield l_1_item
    for l_1_item in t_8(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'plan')):
        _loop_vars = {}
        pass
        yield '<item>'
        yield escape(t_1(environment.getattr(l_1_item, 'text')))
        yield '</item>\n'
    l_1_item = missing
    yield '</checklist>\n'
    def t_9(fiter):
        for l_1_item in fiter:
            if (environment.getattr(l_1_item, 'kind') == 'fill'):
                yield l_1_item
    for l_1_item in t_9(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'plan')):
        _loop_vars = {}
        pass
        yield '<fill lines="2">'
        yield escape(t_1(environment.getattr(l_1_item, 'text')))
        yield '</fill>\n'
    l_1_item = missing
    yield '\n<keep>\n<h2>'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'your_clinic'))
    yield '</h2>\n<row widths="*,1.5in" gap="20" valign="top">\n  <cell>'
    yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'clinic_lines'), (undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), (undefined(name='t') if l_0_t is missing else l_0_t), style='contact'))
    yield '</cell>\n  <cell>'
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'website'):
        pass
        yield '<qr data="'
        yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'website'))
        yield '" size="1.4in" alt="'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'scan'))
        yield ': '
        yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'website'))
        yield '"/>'
    yield '</cell>\n</row>\n</keep>\n\n<h2>'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sources'))
    yield '</h2>\n<p>'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sources_intro'))
    yield ' '
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'disclaimer'))
    yield '</p>\n<list type="number" style="source">'
    for l_1_s in (undefined(name='sources') if l_0_sources is missing else l_0_sources):
        _loop_vars = {}
        pass
        yield '<item>'
        yield escape(environment.getattr(l_1_s, 'publisher'))
        yield ' ('
        yield escape(environment.getattr(l_1_s, 'year'))
        yield '). '
        yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'title'), l_1_s, _loop_vars=_loop_vars))
        yield ' '
        yield escape(environment.getattr(l_1_s, 'address'))
        yield '.</item>\n'
    l_1_s = missing
    yield '</list>\n<p>'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'printed'))
    yield ' '
    yield escape(environment.getattr((undefined(name='leaflet') if l_0_leaflet is missing else l_0_leaflet), 'date'))
    yield '. '
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'version'))
    yield ' '
    yield escape(environment.getattr((undefined(name='leaflet') if l_0_leaflet is missing else l_0_leaflet), 'version'))
    yield '. '
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'reviewed'))
    yield ' '
    yield escape(environment.getattr((undefined(name='leaflet') if l_0_leaflet is missing else l_0_leaflet), 'reviewed'))
    yield '.'
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'approved_by'):
        pass
        yield ' '
        yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'approval'), (undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), (undefined(name='t') if l_0_t is missing else l_0_t)))
        yield '.'
    yield '</p>\n\n<footer>\n  <left>'
    yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'name'))
    yield '</left>\n  <right>'
    yield escape(t_5(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'page_x_of_y')))
    yield '</right>\n</footer>\n</leaflet>'

blocks = {}
debug_info = '4=61&6=64&9=70&10=72&13=74&14=76&17=78&18=81&21=84&22=86&25=95&26=97&27=99&28=102&29=105&30=107&31=111&36=116&37=118&39=120&40=122&41=126&42=128&43=130&44=132&48=138&49=140&51=142&52=144&53=146&55=158&59=170&61=172&62=174&66=184&67=186&68=190&70=204&73=222&74=224'

# Generated by `python -m handouts.render.precompiled` from large-print/leaflet.xml.j2: do not edit.
SOURCE_SHA256 = '5558dacdb55d0b004019254f871903bfef127cfb41299198c62020b4780699c3'
ENVIRONMENT = '901a5e5ecdd7c6e1b2612bc5a75e6380acd19ca6f8f33b274c396d2be7bdee38'
