from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'card/card.xml.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_t = resolve('t')
    l_0_patient = resolve('patient')
    l_0_tiers = resolve('tiers')
    l_0_clinic = resolve('clinic')
    l_0_sources = resolve('sources')
    l_0_m = l_0_tier_box = l_0_cited = missing
    try:
        t_1 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_2 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_3 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    try:
        t_4 = environment.filters['sum']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'sum' found.")
    try:
        t_5 = environment.filters['unique']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'unique' found.")
    pass
    l_0_m = context.vars['m'] = environment.get_template('_common/macros.xml.j2', 'card/card.xml.j2')._get_default_module(context)
    context.exported_vars.discard('m')
    def macro(l_1_tier):
        t_6 = []
        if l_1_tier is missing:
            l_1_tier = undefined("parameter 'tier' was not provided", name='tier')
        pass
        t_6.extend((
            '<tier level="',
            escape(environment.getattr(l_1_tier, 'id')),
            '">\n  <h3>',
            escape(environment.getattr(environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'tiers'), environment.getattr(l_1_tier, 'id')), 'heading')),
            '</h3>\n  <list>',
            escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'items'), environment.getattr(l_1_tier, 'signs'))),
            '</list>\n</tier>\n',
        ))
        return concat(t_6)
    context.exported_vars.add('tier_box')
    context.vars['tier_box'] = l_0_tier_box = Macro(environment, macro, 'tier_box', ('tier',), False, False, False, context.eval_ctx.autoescape)
    yield '<leaflet>\n<panel id="front">\n  <title bookmark="'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'card_title'))
    yield '">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'card_title'))
    yield '</title>\n'
    if environment.getattr((undefined(name='patient') if l_0_patient is missing else l_0_patient), 'name'):
        pass
        yield '<p style="name"><b>'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'card_name'))
        yield ':</b> '
        yield escape(environment.getattr((undefined(name='patient') if l_0_patient is missing else l_0_patient), 'name'))
        yield '</p>\n'
    else:
        pass
        yield '<fill style="name">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'card_name'))
        yield ':</fill>\n'
    def t_7(fiter):
        for l_1_tier in fiter:
            if (environment.getattr(l_1_tier, 'id') == 'emergency'):
                yield l_1_tier
    for l_1_tier in t_7((undefined(name='tiers') if l_0_tiers is missing else l_0_tiers)):
        _loop_vars = {}
        pass
        yield escape(environment.call(context, (undefined(name='tier_box') if l_0_tier_box is missing else l_0_tier_box), l_1_tier, _loop_vars=_loop_vars))
    l_1_tier = missing
    yield '</panel>\n<panel id="back">\n'
    def t_8(fiter):
        for l_1_tier in fiter:
            if (environment.getattr(l_1_tier, 'id') == 'call-today'):
                yield l_1_tier
    for l_1_tier in t_8((undefined(name='tiers') if l_0_tiers is missing else l_0_tiers)):
        _loop_vars = {}
        pass
        yield escape(environment.call(context, (undefined(name='tier_box') if l_0_tier_box is missing else l_0_tier_box), l_1_tier, _loop_vars=_loop_vars))
    l_1_tier = missing
    yield '  <p style="clinic-name">'
    yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'name'))
    yield '</p>\n'
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'same_day_label'):
        pass
        yield '<p style="phone">'
        yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'same_day_label'))
        yield ': '
        yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'same_day_phone'))
        yield '</p>'
    yield '  <p style="phone">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'phone'))
    yield ': '
    yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'phone'))
    yield '</p>\n'
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'after_hours_phone'):
        pass
        yield '<p style="phone">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'after_hours'))
        yield ': '
        yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'after_hours_phone'))
        yield '</p>'
    if environment.getattr((undefined(name='patient') if l_0_patient is missing else l_0_patient), 'follow_up'):
        pass
        yield '<p style="contact"><b>'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'follow_up'))
        yield ':</b> '
        yield escape(environment.getattr((undefined(name='patient') if l_0_patient is missing else l_0_patient), 'follow_up'))
        yield '</p>'
    yield '  <spacer height="4"/>'
    l_0_cited = t_1(context.eval_ctx, t_5(environment, t_4(environment, t_2(context, t_4(environment, t_2(context, t_3(context, (undefined(name='tiers') if l_0_tiers is missing else l_0_tiers), 'id', 'in', ['emergency', 'call-today']), attribute='signs'), start=[]), attribute='cites'), start=[])))
    context.vars['cited'] = l_0_cited
    context.exported_vars.add('cited')
    yield '  <p style="source"><b>'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'card_sources'))
    yield ':</b>'
    def t_9(fiter):
        for l_1_s in fiter:
            if (environment.getattr(l_1_s, 'n') in (undefined(name='cited') if l_0_cited is missing else l_0_cited)):
                yield l_1_s
    l_1_loop = missing
    for l_1_s, l_1_loop in LoopContext(t_9((undefined(name='sources') if l_0_sources is missing else l_0_sources)), undefined):
        _loop_vars = {}
        pass
        yield ' '
        yield escape(environment.getattr(l_1_s, 'n'))
        yield ' '
        yield escape(environment.getattr(l_1_s, 'publisher'))
        yield ' ('
        yield escape(environment.getattr(l_1_s, 'year'))
        yield ')'
        yield escape((';' if (not environment.getattr(l_1_loop, 'last')) else '.'))
    l_1_loop = l_1_s = missing
    yield ' '
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'full_leaflet'))
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'approved_by'):
        pass
        yield ' '
        yield escape(environment.call(context, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'approval'), (undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), (undefined(name='t') if l_0_t is missing else l_0_t)))
        yield '.'
    yield '</p>\n</panel>\n</leaflet>'

blocks = {}
debug_info = '3=47&4=49&5=56&6=58&7=60&12=67&13=71&14=81&16=83&19=93&20=103&21=105&22=113&23=117&24=124&27=132&28=136'

# Generated by `python -m handouts.render.precompiled` from card/card.xml.j2: do not edit.
SOURCE_SHA256 = '55d7e4338debbe74883c4e8784e575c74e01f5f5e9c626328f9deebce4435cc6'
ENVIRONMENT = '901a5e5ecdd7c6e1b2612bc5a75e6380acd19ca6f8f33b274c396d2be7bdee38'
