from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'handout/leaflet.xml.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_clinic = resolve('clinic')
    l_0_leaflet = resolve('leaflet')
    l_0_t = resolve('t')
    l_0_sections = resolve('sections')
    l_0_patient = resolve('patient')
    l_0_tiers = resolve('tiers')
    l_0_sources = resolve('sources')
    l_0_m = missing
    try:
        t_1 = environment.filters['inline']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'inline' found.")
    try:
        t_2 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_3 = environment.filters['page_fields']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'page_fields' found.")
    try:
        t_4 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    try:
        t_5 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    pass
    l_0_m = context.vars['m'] = environment.get_template('_common/macros.xml.j2', 'handout/leaflet.xml.j2')._get_default_module(context)
    context.exported_vars.discard('m')
    yield '<leaflet>\n<row widths="*,'
    yield escape(('0.8in,' if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'website') else ''))
    yield '1.9in" gap="14" valign="middle" space_after="4">\n  <cell>\n    <title>'
    yield escape(environment.getattr((undefined(name='leaflet') if l_0_leaflet is missing else l_0_leaflet), 'title'))
    yield '</title>\n    <subtitle style="subtitle-tight">'
    yield escape(environment.getattr((undefined(name='leaflet') if l_0_leaflet is missing else l_0_leaflet), 'subtitle'))
    yield '</subtitle>\n  </cell>\n'
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'website'):
        pass
        yield '<cell><qr data="'
        yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'website'))
        yield '" size="0.8in" alt="'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'scan'))
        yield ': '
        yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'website'))
        yield '"/></cell>'
    yield '  <cell align="right">'
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'logo'):
        pass
        yield '<logo width="1.9in" height="0.7in" align="right" alt="'
        yield escape(t_4(context.eval_ctx, environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'logo_alt'), '{clinic}', environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'name')))
        yield '"/>'
    yield '</cell>\n</row>\n\n<row widths="*,2.05in" gap="10" space_after="8">\n  <cell box="main">\n    <h2 style="box-title">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'main_message'))
    yield '</h2>\n    <list type="number" style="main">'
    yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'items'), environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'main')))
    yield '</list>\n  </cell>\n  <cell box="clinic">\n    <p style="contact-title">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'your_clinic'))
    yield '</p>\n    '
    yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'clinic_lines'), (undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), (undefined(name='t') if l_0_t is missing else l_0_t), style='contact'))
    yield '\n  </cell>\n</row>\n\n'
    if environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'patient_given'), (undefined(name='patient') if l_0_patient is missing else l_0_patient)):
        pass
        yield '<box style="for-you">'
        yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'for_you'), (undefined(name='patient') if l_0_patient is missing else l_0_patient), (undefined(name='t') if l_0_t is missing else l_0_t)))
        yield '</box>\n'
    yield '\n<h2>'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sections'), 'about'))
    yield '</h2>\n'
    for l_1_item in environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'about'):
        _loop_vars = {}
        pass
        yield '<p>'
        yield escape(t_1(environment.getattr(l_1_item, 'text')))
        yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'cite'), l_1_item, _loop_vars=_loop_vars))
        yield '</p>\n'
    l_1_item = missing
    yield '\n<h2>'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sections'), 'relief'))
    yield '</h2>\n'
    if t_2(context.eval_ctx, t_5(context, environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'relief'), 'picture')):
        pass
        yield '<row widths="*,1.5in" gap="14">\n  <cell><list type="number">'
        yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'items'), environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'relief')))
        yield '</list></cell>\n  <cell>'
        yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'figures'), environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'relief'), (undefined(name='t') if l_0_t is missing else l_0_t), width='1.5in', height='0.8in'))
        yield '</cell>\n</row>\n'
    else:
        pass
        yield '<list type="number">'
        yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'items'), environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'relief')))
        yield '</list>\n'
    yield '\n<h2>'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sections'), 'prevent'))
    yield '</h2>\n<list>'
    yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'items'), environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'prevent')))
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
        yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'items'), environment.getattr(l_1_tier, 'signs'), _loop_vars=_loop_vars))
        yield '</list>\n'
        if (environment.getattr(l_1_tier, 'id') == 'call-today'):
            pass
            yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'same_day_phones'), (undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), (undefined(name='t') if l_0_t is missing else l_0_t), _loop_vars=_loop_vars))
        yield '</tier>\n'
    l_1_tier = missing
    yield '\n<h2>'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sections'), 'avoid'))
    yield '</h2>\n<list>'
    yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'items'), environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'avoid')))
    yield '</list>\n\n<h2>'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sections'), 'plan'))
    yield '</h2>\n<p style="small">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'plan_intro'))
    yield '</p>\n<checklist>'
    def t_6(fiter):
        for l_1_item in fiter:
            if (environment.getattr(l_1_item, 'kind') == 'check'):
                yield l_1_item
    for l_1_item in t_6(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'plan')):
        _loop_vars = {}
        pass
        yield '<item>'
        yield escape(t_1(environment.getattr(l_1_item, 'text')))
        yield '</item>\n'
    l_1_item = missing
    yield '</checklist>\n'
    def t_7(fiter):
        for l_1_item in fiter:
            if (environment.getattr(l_1_item, 'kind') == 'fill'):
                yield l_1_item
    for l_1_item in t_7(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'plan')):
        _loop_vars = {}
        pass
        yield '<fill>'
        yield escape(t_1(environment.getattr(l_1_item, 'text')))
        yield '</fill>\n'
    l_1_item = missing
    yield '\n'
    yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'sources'), (undefined(name='sources') if l_0_sources is missing else l_0_sources), (undefined(name='t') if l_0_t is missing else l_0_t), printed=environment.getattr((undefined(name='leaflet') if l_0_leaflet is missing else l_0_leaflet), 'date')))
    yield '\n\n<footer>\n  <left>'
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'approved_by'):
        pass
        yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'approval'), (undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), (undefined(name='t') if l_0_t is missing else l_0_t)))
    else:
        pass
        yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'name'))
        yield ' · '
        yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'phone'))
    yield '</left>\n  <center>'
    yield escape(t_3(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'page_x_of_y')))
    yield '</center>\n  <right>'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'version'))
    yield ' '
    yield escape(environment.getattr((undefined(name='leaflet') if l_0_leaflet is missing else l_0_leaflet), 'version'))
    yield ' · '
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'reviewed'))
    yield ' '
    yield escape(environment.getattr((undefined(name='leaflet') if l_0_leaflet is missing else l_0_leaflet), 'reviewed'))
    yield '</right>\n</footer>\n</leaflet>'

blocks = {}
debug_info = '4=49&6=52&8=54&9=56&11=58&12=68&17=74&18=76&21=78&22=80&26=82&27=85&30=88&31=90&34=99&35=101&37=104&38=106&41=111&44=114&45=116&47=118&48=120&49=124&50=126&51=128&52=130&56=136&57=138&59=140&60=142&61=144&63=156&66=168&69=170&70=179&71=181'

# Generated by `python -m handouts.render.precompiled` from handout/leaflet.xml.j2: do not edit.
SOURCE_SHA256 = '181311686768c495b4dadca55e83e8545029cca6c9b2b627f44d1e5c76a1cd76'
ENVIRONMENT = '901a5e5ecdd7c6e1b2612bc5a75e6380acd19ca6f8f33b274c396d2be7bdee38'
