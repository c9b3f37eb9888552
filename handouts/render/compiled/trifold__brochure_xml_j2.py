from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'trifold/brochure.xml.j2'

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
    l_0_m = l_0_pictured = l_0_tier_box = missing
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
        t_4 = environment.filters['lines']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'lines' found.")
    try:
        t_5 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
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
    l_0_m = context.vars['m'] = environment.get_template('_common/macros.xml.j2', 'trifold/brochure.xml.j2')._get_default_module(context)
    context.exported_vars.discard('m')
    yield '<leaflet>\n<panel id="cover">\n'
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'logo'):
        pass
        yield '<logo width="2.4in" height="0.8in" alt="'
        yield escape(t_6(context.eval_ctx, environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'logo_alt'), '{clinic}', environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'name')))
        yield '"/>\n  <spacer height="28"/>'
    else:
        pass
        yield '<spacer height="12"/>'
    yield '  <title>'
    yield escape(environment.getattr((undefined(name='leaflet') if l_0_leaflet is missing else l_0_leaflet), 'title'))
    yield '</title>\n  <subtitle>'
    yield escape(environment.getattr((undefined(name='leaflet') if l_0_leaflet is missing else l_0_leaflet), 'subtitle'))
    yield '</subtitle>\n  <box style="main">\n    <h2 style="box-title">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'main_message'))
    yield '</h2>\n    <list type="number" style="main">'
    yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'items'), environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'main')))
    yield '</list>\n  </box>\n  <spacer height="6"/>\n  <p style="centered">'
    yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'name'))
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'department'):
        pass
        yield ' · '
        yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'department'))
    yield '</p>\n</panel>\n\n<panel id="flap">\n'
    if environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'patient_given'), (undefined(name='patient') if l_0_patient is missing else l_0_patient)):
        pass
        yield '<box style="for-you">'
        yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'for_you'), (undefined(name='patient') if l_0_patient is missing else l_0_patient), (undefined(name='t') if l_0_t is missing else l_0_t)))
        yield '</box>'
    yield '  <h2>'
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
    yield '  <h2>'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sections'), 'plan'))
    yield '</h2>\n  <checklist>'
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
        yield '<fill>'
        yield escape(t_1(environment.getattr(l_1_item, 'text')))
        yield '</fill>\n'
    l_1_item = missing
    yield '</panel>\n\n<panel id="relief">\n  <h2>'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sections'), 'relief'))
    yield '</h2>\n  <list type="number">'
    yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'items'), environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'relief')))
    yield '</list>\n'
    l_0_pictured = t_5(context.eval_ctx, t_7(context, environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'relief'), 'picture'))
    context.vars['pictured'] = l_0_pictured
    context.exported_vars.add('pictured')
    if (undefined(name='pictured') if l_0_pictured is missing else l_0_pictured):
        pass
        yield '  <row widths="'
        yield escape(t_2(context.eval_ctx, environment.call_binop(context, '*', ['*'], t_3((undefined(name='pictured') if l_0_pictured is missing else l_0_pictured))), ','))
        yield '" gap="10">\n'
        for l_1_item in (undefined(name='pictured') if l_0_pictured is missing else l_0_pictured):
            _loop_vars = {}
            pass
            yield '<cell>'
            yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'figures'), [l_1_item], (undefined(name='t') if l_0_t is missing else l_0_t), width='1.35in', height='0.95in', _loop_vars=_loop_vars))
            yield '</cell>\n'
        l_1_item = missing
        yield '  </row>\n'
    yield '  <h2>'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sections'), 'avoid'))
    yield '</h2>\n  <list>'
    yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'items'), environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'avoid')))
    yield '</list>\n</panel>\n\n'
    def macro(l_1_tier):
        t_10 = []
        if l_1_tier is missing:
            l_1_tier = undefined("parameter 'tier' was not provided", name='tier')
        pass
        t_10.extend((
            '  <tier level="',
            escape(environment.getattr(l_1_tier, 'id')),
            '">\n    <h3>',
            escape(environment.getattr(environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'tiers'), environment.getattr(l_1_tier, 'id')), 'heading')),
            '</h3>\n    <list>',
            escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'items'), environment.getattr(l_1_tier, 'signs'))),
            '</list>\n',
        ))
        if (environment.getattr(l_1_tier, 'id') == 'call-today'):
            pass
            t_10.append(
                escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'same_day_phones'), (undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), (undefined(name='t') if l_0_t is missing else l_0_t), lines=True)),
            )
        t_10.append(
            '  </tier>\n',
        )
        return concat(t_10)
    context.exported_vars.add('tier_box')
    context.vars['tier_box'] = l_0_tier_box = Macro(environment, macro, 'tier_box', ('tier',), False, False, False, context.eval_ctx.autoescape)
    yield '<panel id="prevent">\n  <h2>'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sections'), 'prevent'))
    yield '</h2>\n  <list>'
    yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'items'), environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'prevent')))
    yield '</list>\n  <spacer height="6"/>\n'
    def t_11(fiter):
        for l_1_tier in fiter:
            if (environment.getattr(l_1_tier, 'id') == 'visit'):
                yield l_1_tier
    for l_1_tier in t_11((undefined(name='tiers') if l_0_tiers is missing else l_0_tiers)):
        _loop_vars = {}
        pass
        yield escape(environment.call(context, (undefined(name='tier_box') if l_0_tier_box is missing else l_0_tier_box), l_1_tier, _loop_vars=_loop_vars))
    l_1_tier = missing
    yield '</panel>\n\n<panel id="warning">\n  <h2>'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sections'), 'warning'))
    yield '</h2>\n'
    def t_12(fiter):
        for l_1_tier in fiter:
            if (environment.getattr(l_1_tier, 'id') != 'visit'):
                yield l_1_tier
    for l_1_tier in t_12((undefined(name='tiers') if l_0_tiers is missing else l_0_tiers)):
        _loop_vars = {}
        pass
        yield escape(environment.call(context, (undefined(name='tier_box') if l_0_tier_box is missing else l_0_tier_box), l_1_tier, _loop_vars=_loop_vars))
    l_1_tier = missing
    yield '</panel>\n\n<panel id="back">\n  <p style="clinic-name">'
    yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'name'))
    yield '</p>\n'
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'department'):
        pass
        yield '<p style="contact">'
        yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'department'))
        yield '</p>'
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'address'):
        pass
        yield '<p style="contact">'
        yield escape(t_4(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'address')))
        yield '</p>'
    yield '  <p style="contact"><b>'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'phone'))
    yield ':</b> '
    yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'phone'))
    yield '</p>\n'
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'after_hours_phone'):
        pass
        yield '<p style="contact"><b>'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'after_hours'))
        yield ':</b> '
        yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'after_hours_phone'))
        yield '</p>'
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'website'):
        pass
        yield '  <spacer height="8"/>\n  <row widths="1.15in,*" gap="10" valign="middle">\n    <cell><qr data="'
        yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'website'))
        yield '" size="1.1in" alt="'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'scan'))
        yield ': '
        yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'website'))
        yield '"/></cell>\n    <cell><p style="contact">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'scan'))
        yield ':</p><p style="contact"><b>'
        yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'website_short'))
        yield '</b></p></cell>\n  </row>\n'
    yield '  <spacer height="10"/>\n  '
    yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'sources'), (undefined(name='sources') if l_0_sources is missing else l_0_sources), (undefined(name='t') if l_0_t is missing else l_0_t), printed=environment.getattr((undefined(name='leaflet') if l_0_leaflet is missing else l_0_leaflet), 'date')))
    yield '\n  <p style="source">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'version'))
    yield ' '
    yield escape(environment.getattr((undefined(name='leaflet') if l_0_leaflet is missing else l_0_leaflet), 'version'))
    yield ' · '
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'reviewed'))
    yield ' '
    yield escape(environment.getattr((undefined(name='leaflet') if l_0_leaflet is missing else l_0_leaflet), 'reviewed'))
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'approved_by'):
        pass
        yield ' · '
        yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'approval'), (undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), (undefined(name='t') if l_0_t is missing else l_0_t)))
    yield '</p>\n</panel>\n</leaflet>'

blocks = {}
debug_info = '3=61&6=64&8=73&9=75&11=77&12=79&15=81&19=87&20=93&21=95&23=104&24=106&26=118&31=130&32=132&33=134&34=137&35=140&36=142&40=151&41=153&44=155&45=162&46=164&47=166&48=169&53=181&54=183&56=185&60=195&61=197&65=207&66=209&67=214&68=220&69=224&70=231&73=234&74=240&78=245&79=247'

# Generated by `python -m handouts.render.precompiled` from trifold/brochure.xml.j2: do not edit.
SOURCE_SHA256 = 'df3ac16f78632ed18e31eecf6c4dcff5fd4ead932e6d9aaf5921a2b89841a4c6'
ENVIRONMENT = '901a5e5ecdd7c6e1b2612bc5a75e6380acd19ca6f8f33b274c396d2be7bdee38'
