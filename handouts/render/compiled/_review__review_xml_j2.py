from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_review/review.xml.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_review = resolve('review')
    l_0_clinic = resolve('clinic')
    l_0_r = l_0_item_line = missing
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
        t_6 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    pass
    l_0_r = (undefined(name='review') if l_0_review is missing else l_0_review)
    context.vars['r'] = l_0_r
    context.exported_vars.add('r')
    def macro(l_1_item):
        t_7 = []
        if l_1_item is missing:
            l_1_item = undefined("parameter 'item' was not provided", name='item')
        pass
        t_7.extend((
            '<p style="item"><b>',
            escape(environment.getattr(l_1_item, 'id')),
            '</b>',
        ))
        if environment.getattr(l_1_item, 'tier'):
            pass
            t_7.extend((
                ' · ',
                escape(environment.getattr(l_1_item, 'tier_label')),
            ))
        t_7.extend((
            ' · sources ',
            escape(t_2(context.eval_ctx, environment.getattr(l_1_item, 'cites'), ', ')),
        ))
        if (environment.getattr(l_1_item, 'origin') != 'core'):
            pass
            t_7.extend((
                ' · ',
                escape(environment.getattr(l_1_item, 'origin')),
                ' for this audience',
            ))
        t_7.extend((
            '<br/>',
            escape(t_1(environment.getattr(l_1_item, 'text'))),
            '</p>\n',
        ))
        if ((environment.getattr(l_1_item, 'triage_says') or environment.getattr(l_1_item, 'why')) or environment.getattr(l_1_item, 'tags')):
            pass
            t_7.append(
                '<p style="meta">',
            )
            if environment.getattr(l_1_item, 'triage_says'):
                pass
                t_7.extend((
                    'Triage: tier rests on source ',
                    escape(environment.getattr(l_1_item, 'triage_source')),
                    ', which says ',
                    escape(environment.getattr(l_1_item, 'triage_says')),
                    '. ',
                ))
            if environment.getattr(l_1_item, 'why'):
                pass
                t_7.extend((
                    'Why: ',
                    escape(environment.getattr(l_1_item, 'why')),
                    ' ',
                ))
            if environment.getattr(l_1_item, 'tags'):
                pass
                t_7.extend((
                    'Tags: ',
                    escape(t_2(context.eval_ctx, environment.getattr(l_1_item, 'tags'), ', ')),
                    '.',
                ))
            t_7.append(
                '</p>',
            )
        return concat(t_7)
    context.exported_vars.add('item_line')
    context.vars['item_line'] = l_0_item_line = Macro(environment, macro, 'item_line', ('item',), False, False, False, context.eval_ctx.autoescape)
    yield '<leaflet>\n<title bookmark="Review packet">Review packet: '
    yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'audience'), 'title'))
    yield '</title>\n<subtitle>'
    yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'audience'), 'subtitle'))
    yield ' · '
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'language'))
    yield ' ('
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'lang'))
    yield ') · audience id '
    yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'audience'), 'id'))
    yield ' · content version '
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'version'))
    yield '</subtitle>\n\n<box style="summary">\n  <h2>Summary</h2>\n  <p>'
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'item_count'))
    yield ' items in print order, grouped as the leaflet prints them; '
    yield escape(t_3(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'sources')))
    yield ' sources. Content version '
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'version'))
    yield ', last clinical review '
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'reviewed'))
    yield '; this packet made '
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'generated'))
    yield ' from '
    yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'audience'), 'file'))
    yield ', with the emergency number '
    yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'emergency_number'))
    yield ' ('
    yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'name'))
    yield ').</p>\n'
    if environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'reading'):
        pass
        yield '  <p>Reading level: '
        yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'reading'), 'measure'))
        yield ' '
        yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'reading'), 'value'))
        yield ' ('
        yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'reading'), 'words'))
        yield ' words, '
        yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'reading'), 'sentences'))
        yield ' sentences); target '
        yield escape(('at most' if (environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'reading'), 'kind') == 'grade') else 'at least'))
        yield ' '
        yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'reading'), 'target'))
        yield ', '
        yield escape(('met' if environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'reading'), 'meets') else 'NOT met'))
        yield '; handouts check fails '
        yield escape(('above' if (environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'reading'), 'kind') == 'grade') else 'below'))
        yield ' '
        yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'reading'), 'gate'))
        yield '.</p>\n'
    yield '  <p>Tiers follow the triage rule in docs/content.md: emergency only for emergencies, same-day care for what cannot wait, a visit for the rest. Each warning sign names the source its tier rests on.</p>\n'
    if environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'forbid'):
        pass
        yield '  <p>Advice this audience must never see (forbidden tags, checked when the content loads): '
        yield escape(t_2(context.eval_ctx, environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'forbid'), ', '))
        yield '.</p>\n'
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'approved_by'):
        pass
        yield '  <p>Recorded approval: '
        yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'approved_by'))
        yield ', '
        yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'approved_on'))
        yield '.</p>\n'
    yield '</box>\n\n<h2>The leaflet, item by item</h2>\n'
    def t_8(fiter):
        for l_1_section in fiter:
            if environment.getitem(l_1_section, 'items'):
                yield l_1_section
    for l_1_section in t_8(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'sections')):
        _loop_vars = {}
        pass
        yield '<h3>'
        yield escape(environment.getattr(l_1_section, 'heading'))
        yield ' ('
        yield escape(environment.getattr(l_1_section, 'id'))
        yield ')</h3>\n'
        if (environment.getattr(l_1_section, 'id') == 'warning'):
            pass
            for l_2_level in ('emergency', 'call-today', 'visit'):
                l_2_t = resolve('t')
                l_2_signs = missing
                _loop_vars = {}
                pass
                l_2_signs = t_4(context.eval_ctx, t_6(context, environment.getitem(l_1_section, 'items'), 'tier', 'equalto', l_2_level))
                _loop_vars['signs'] = l_2_signs
                if (undefined(name='signs') if l_2_signs is missing else l_2_signs):
                    pass
                    yield '<tier level="'
                    yield escape(l_2_level)
                    yield '">\n  <h3>'
                    yield escape(environment.getattr(environment.getitem(environment.getattr((undefined(name='t') if l_2_t is missing else l_2_t), 'tiers'), l_2_level), 'label'))
                    yield ': '
                    yield escape(environment.getattr(environment.getitem(environment.getattr((undefined(name='t') if l_2_t is missing else l_2_t), 'tiers'), l_2_level), 'heading'))
                    yield '</h3>\n'
                    for l_3_item in (undefined(name='signs') if l_2_signs is missing else l_2_signs):
                        _loop_vars = {}
                        pass
                        yield escape(environment.call(context, (undefined(name='item_line') if l_0_item_line is missing else l_0_item_line), l_3_item, _loop_vars=_loop_vars))
                    l_3_item = missing
                    yield '</tier>\n'
            l_2_level = l_2_signs = l_2_t = missing
        else:
            pass
            for l_2_item in environment.getitem(l_1_section, 'items'):
                _loop_vars = {}
                pass
                yield escape(environment.call(context, (undefined(name='item_line') if l_0_item_line is missing else l_0_item_line), l_2_item, _loop_vars=_loop_vars))
            l_2_item = missing
    l_1_section = missing
    yield '\n<h2>Changes from the shared core</h2>\n'
    if environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'changes'), 'replaced'):
        pass
        yield '<h3>Replaced</h3>\n'
        for l_1_c in environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'changes'), 'replaced'):
            _loop_vars = {}
            pass
            yield '<p style="item"><b>'
            yield escape(environment.getattr(l_1_c, 'id'))
            yield '</b>: the core says "'
            yield escape(t_1(environment.getattr(l_1_c, 'core_text')))
            yield '"; this audience reads "'
            yield escape(t_1(environment.getattr(l_1_c, 'text')))
            yield '"</p>\n<p style="meta">Why: '
            yield escape((environment.getattr(l_1_c, 'why') or '(no reason recorded in the audience file)'))
            yield '</p>\n'
        l_1_c = missing
    if environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'changes'), 'dropped'):
        pass
        yield '<h3>Dropped</h3>\n'
        for l_1_c in environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'changes'), 'dropped'):
            _loop_vars = {}
            pass
            yield '<p style="item"><b>'
            yield escape(environment.getattr(l_1_c, 'id'))
            yield '</b> ('
            yield escape(environment.getattr(l_1_c, 'section'))
            yield '): "'
            yield escape(t_1(environment.getattr(l_1_c, 'text')))
            yield '"</p>\n<p style="meta">Why: '
            yield escape((environment.getattr(l_1_c, 'why') or '(no reason recorded in the audience file)'))
            yield '</p>\n'
        l_1_c = missing
    if environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'changes'), 'added'):
        pass
        yield '<h3>Added</h3>\n'
        for l_1_c in environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'changes'), 'added'):
            _loop_vars = {}
            pass
            yield '<p style="item"><b>'
            yield escape(environment.getattr(l_1_c, 'id'))
            yield '</b> ('
            yield escape(environment.getattr(l_1_c, 'section'))
            yield ')'
            if environment.getattr(l_1_c, 'why'):
                pass
                yield ': '
                yield escape(environment.getattr(l_1_c, 'why'))
            yield '</p>\n'
        l_1_c = missing
    if (not ((environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'changes'), 'replaced') or environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'changes'), 'dropped')) or environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'changes'), 'added'))):
        pass
        yield '<p>None: this audience prints the shared core as it is.</p>\n'
    yield '\n<h2>Sources</h2>\n<list type="number" style="source">'
    for l_1_s in environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'sources'):
        _loop_vars = {}
        pass
        yield '<item>'
        yield escape(environment.getattr(l_1_s, 'publisher'))
        yield ' ('
        yield escape(environment.getattr(l_1_s, 'year'))
        yield '). '
        yield escape(environment.getattr(l_1_s, 'title'))
        yield '. '
        yield escape(environment.getattr(l_1_s, 'url'))
        yield ' ['
        yield escape(environment.getattr(l_1_s, 'id'))
        yield ']</item>\n'
    l_1_s = missing
    yield '</list>\n\n<keep>\n<h2>Sign-off</h2>\n<box style="sign">\n  <p>I have read every item above against its sources and the triage rule, and approve this leaflet for '
    yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'audience'), 'title'))
    yield ' ('
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'lang'))
    yield '), content version '
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'version'))
    yield '.</p>\n  <fill lines="1">Name and role:</fill>\n  <fill lines="1">Signature:</fill>\n  <fill lines="1">Date:</fill>\n  <fill lines="2">Changes requested:</fill>\n</box>\n</keep>\n\n<footer>\n  <left>Review packet · '
    yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'audience'), 'id'))
    yield ' · '
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'lang'))
    yield ' · version '
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'version'))
    yield '</left>\n  <center>Page <pageno/> of <pagecount/></center>\n  <right>Made '
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'generated'))
    yield '</right>\n</footer>\n</leaflet>'

blocks = {}
debug_info = '4=50&5=53&6=60&7=85&10=120&11=122&15=132&16=148&17=151&20=170&22=175&27=183&28=191&29=195&30=197&31=202&32=204&33=207&34=209&35=213&40=222&45=229&47=232&48=236&49=242&52=245&54=248&55=252&56=258&59=261&61=264&62=268&65=278&70=282&76=298&85=304&87=310'

# Generated by `python -m handouts.render.precompiled` from _review/review.xml.j2: do not edit.
SOURCE_SHA256 = '646e74af49006cadd4611ede4c5e76a1aa994f7a4f4e0a6b90bce94e80428a12'
ENVIRONMENT = '901a5e5ecdd7c6e1b2612bc5a75e6380acd19ca6f8f33b274c396d2be7bdee38'
