from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_review/review.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_review = resolve('review')
    l_0_clinic = resolve('clinic')
    l_0_r = l_0_item_row = missing
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
        t_4 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    pass
    l_0_r = (undefined(name='review') if l_0_review is missing else l_0_review)
    context.vars['r'] = l_0_r
    context.exported_vars.add('r')
    def macro(l_1_item):
        t_5 = []
        if l_1_item is missing:
            l_1_item = undefined("parameter 'item' was not provided", name='item')
        pass
        t_5.extend((
            '      <tr id="item-',
            escape(environment.getattr(l_1_item, 'id')),
            '">\n        <th scope="row"><code>',
            escape(environment.getattr(l_1_item, 'id')),
            '</code></th>\n        <td lang="',
            escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'tag')),
            '">',
            escape(t_1(environment.getattr(l_1_item, 'text'))),
            '</td>\n        <td>',
            escape(environment.getattr(l_1_item, 'tier_label')),
        ))
        if environment.getattr(l_1_item, 'triage_says'):
            pass
            t_5.extend((
                ' (source ',
                escape(environment.getattr(l_1_item, 'triage_source')),
                ' says ',
                escape(environment.getattr(l_1_item, 'triage_says')),
                ')',
            ))
        t_5.append(
            '</td>\n        <td>',
        )
        l_2_loop = missing
        for l_2_n, l_2_loop in LoopContext(environment.getattr(l_1_item, 'cites'), undefined):
            _loop_vars = {}
            pass
            t_5.extend((
                '<a href="#source-',
                escape(l_2_n),
                '">',
                escape(l_2_n),
                '</a>',
                escape((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 9 in '_review/review.html.j2' evaluated to false and no else section was defined."))),
            ))
        l_2_loop = l_2_n = missing
        t_5.extend((
            '</td>\n        <td>',
            escape(environment.getattr(l_1_item, 'origin')),
        ))
        if environment.getattr(l_1_item, 'why'):
            pass
            t_5.extend((
                ': ',
                escape(environment.getattr(l_1_item, 'why')),
            ))
        t_5.append(
            '</td>\n      </tr>',
        )
        return concat(t_5)
    context.exported_vars.add('item_row')
    context.vars['item_row'] = l_0_item_row = Macro(environment, macro, 'item_row', ('item',), False, False, False, context.eval_ctx.autoescape)
    yield '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>Review packet: '
    yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'audience'), 'title'))
    yield ' ('
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'lang'))
    yield ')</title>\n<style>\nbody { margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1a1a1a; background-color: #ffffff;\n  font-family: "Atkinson Hyperlegible", Verdana, "DejaVu Sans", Arial, sans-serif; line-height: 1.5; }\nh1, h2, h3 { color: #1b4f7a; background-color: #ffffff; line-height: 1.25; }\ntable { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }\nth, td { border: 1px solid #6b6b6b; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }\nthead th { color: #1a1a1a; background-color: #eaf1f7; }\na { color: #1b4f7a; }\n.summary { border: 2px solid #1b4f7a; padding: 0.5rem 1rem; }\n.sign p { margin: 1.5rem 0; border-bottom: 1px solid #1a1a1a; }\n@media print { a { color: #000000; } }\n</style>\n</head>\n<body>\n<header>\n  <h1>Review packet: '
    yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'audience'), 'title'))
    yield '</h1>\n  <p>'
    yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'audience'), 'subtitle'))
    yield ' · '
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'language'))
    yield ' ('
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'lang'))
    yield ') · audience id <code>'
    yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'audience'), 'id'))
    yield '</code> · content version '
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'version'))
    yield '</p>\n</header>\n<main>\n  <section class="summary" aria-labelledby="summary">\n    <h2 id="summary">Summary</h2>\n    <p>'
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'item_count'))
    yield ' items in print order; '
    yield escape(t_3(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'sources')))
    yield ' sources. Last clinical review '
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'reviewed'))
    yield '; packet made '
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
        yield '    <p>Reading level: '
        yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'reading'), 'measure'))
        yield ' '
        yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'reading'), 'value'))
        yield '; target '
        yield escape(('at most' if (environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'reading'), 'kind') == 'grade') else 'at least'))
        yield ' '
        yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'reading'), 'target'))
        yield ', '
        yield escape(('met' if environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'reading'), 'meets') else 'not met'))
        yield '.</p>\n'
    yield '    <p>Tiers follow the triage rule in docs/content.md: emergency only for emergencies, same-day care for what cannot wait, a visit for the rest.</p>\n'
    if environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'forbid'):
        pass
        yield '    <p>Advice this audience must never see (forbidden tags): '
        yield escape(t_2(context.eval_ctx, environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'forbid'), ', '))
        yield '.</p>\n'
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'approved_by'):
        pass
        yield '    <p>Recorded approval: '
        yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'approved_by'))
        yield ', '
        yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'approved_on'))
        yield '.</p>\n'
    yield '  </section>\n  <section aria-labelledby="items">\n    <h2 id="items">The leaflet, item by item</h2>\n'
    def t_6(fiter):
        for l_1_section in fiter:
            if environment.getitem(l_1_section, 'items'):
                yield l_1_section
    for l_1_section in t_6(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'sections')):
        _loop_vars = {}
        pass
        yield '    <table>\n      <caption><strong>'
        yield escape(environment.getattr(l_1_section, 'heading'))
        yield '</strong> ('
        yield escape(environment.getattr(l_1_section, 'id'))
        yield ')</caption>\n      <thead><tr><th scope="col">Item</th><th scope="col">Text as printed</th><th scope="col">Tier</th><th scope="col">Sources</th><th scope="col">From</th></tr></thead>\n      <tbody>\n'
        for l_2_item in environment.getitem(l_1_section, 'items'):
            _loop_vars = {}
            pass
            yield escape(environment.call(context, (undefined(name='item_row') if l_0_item_row is missing else l_0_item_row), l_2_item, _loop_vars=_loop_vars))
            yield '\n'
        l_2_item = missing
        yield '      </tbody>\n    </table>\n'
    l_1_section = missing
    yield '  </section>\n  <section aria-labelledby="changes">\n    <h2 id="changes">Changes from the shared core</h2>\n    <ul>\n'
    for l_1_c in environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'changes'), 'replaced'):
        _loop_vars = {}
        pass
        yield '      <li>Replaced <code>'
        yield escape(environment.getattr(l_1_c, 'id'))
        yield '</code>: the core says “<span lang="'
        yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'tag'))
        yield '">'
        yield escape(t_4(context.eval_ctx, environment.getattr(l_1_c, 'core_text'), '**', ''))
        yield '</span>”. Why: '
        yield escape((environment.getattr(l_1_c, 'why') or '(no reason recorded)'))
        yield '</li>\n'
    l_1_c = missing
    for l_1_c in environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'changes'), 'dropped'):
        _loop_vars = {}
        pass
        yield '      <li>Dropped <code>'
        yield escape(environment.getattr(l_1_c, 'id'))
        yield '</code> ('
        yield escape(environment.getattr(l_1_c, 'section'))
        yield '): “<span lang="'
        yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'tag'))
        yield '">'
        yield escape(t_4(context.eval_ctx, environment.getattr(l_1_c, 'text'), '**', ''))
        yield '</span>”. Why: '
        yield escape((environment.getattr(l_1_c, 'why') or '(no reason recorded)'))
        yield '</li>\n'
    l_1_c = missing
    for l_1_c in environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'changes'), 'added'):
        _loop_vars = {}
        pass
        yield '      <li>Added <code>'
        yield escape(environment.getattr(l_1_c, 'id'))
        yield '</code> ('
        yield escape(environment.getattr(l_1_c, 'section'))
        yield ')'
        if environment.getattr(l_1_c, 'why'):
            pass
            yield ': '
            yield escape(environment.getattr(l_1_c, 'why'))
        yield '</li>\n'
    l_1_c = missing
    yield '    </ul>\n  </section>\n  <section aria-labelledby="sources">\n    <h2 id="sources">Sources</h2>\n    <ol>\n'
    for l_1_s in environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'sources'):
        _loop_vars = {}
        pass
        yield '      <li id="source-'
        yield escape(environment.getattr(l_1_s, 'n'))
        yield '">'
        yield escape(environment.getattr(l_1_s, 'publisher'))
        yield ' ('
        yield escape(environment.getattr(l_1_s, 'year'))
        yield '). '
        yield escape(environment.getattr(l_1_s, 'title'))
        yield '. <a href="'
        yield escape(environment.getattr(l_1_s, 'url'))
        yield '">'
        yield escape(environment.getattr(l_1_s, 'url'))
        yield '</a> ['
        yield escape(environment.getattr(l_1_s, 'id'))
        yield ']</li>\n'
    l_1_s = missing
    yield '    </ol>\n  </section>\n  <section class="sign" aria-labelledby="sign">\n    <h2 id="sign">Sign-off</h2>\n    <p>Name and role:</p>\n    <p>Signature:</p>\n    <p>Date:</p>\n  </section>\n</main>\n</body>\n</html>'

blocks = {}
debug_info = '3=38&4=41&5=48&6=50&7=52&8=56&9=71&10=85&18=100&34=104&35=106&40=116&41=130&42=133&45=144&46=147&48=149&49=152&54=157&56=165&59=169&68=178&69=182&71=191&72=195&74=206&75=210&82=221&83=225'

# Generated by `python -m handouts.render.precompiled` from _review/review.html.j2: do not edit.
SOURCE_SHA256 = 'd6dbd755dc6034238f1751b364e291e8dea868192cd95d20e536908b532d8434'
ENVIRONMENT = '901a5e5ecdd7c6e1b2612bc5a75e6380acd19ca6f8f33b274c396d2be7bdee38'
