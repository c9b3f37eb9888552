from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_html/leaflet.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_clinic = resolve('clinic')
    l_0_html = resolve('html')
    l_0_leaflet = resolve('leaflet')
    l_0_t = resolve('t')
    l_0_sections = resolve('sections')
    l_0_patient = resolve('patient')
    l_0_tiers = resolve('tiers')
    l_0_sources = resolve('sources')
    l_0_brand = l_0_cite = l_0_items = l_0_icon = missing
    try:
        t_1 = environment.filters['indent']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'indent' found.")
    try:
        t_2 = environment.filters['inline']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'inline' found.")
    try:
        t_3 = environment.filters['lines']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'lines' found.")
    try:
        t_4 = environment.filters['link_number']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'link_number' found.")
    try:
        t_5 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    try:
        t_6 = environment.filters['tel']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'tel' found.")
    pass
    l_0_brand = (environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'color') or '#1b4f7a')
    context.vars['brand'] = l_0_brand
    context.exported_vars.add('brand')
    def macro(l_1_item):
        t_7 = []
        if l_1_item is missing:
            l_1_item = undefined("parameter 'item' was not provided", name='item')
        pass
        t_7.extend((
            '<sup class="cite"><span class="visually-hidden"> (',
            escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sources')),
            ' </span>',
        ))
        l_2_loop = missing
        for l_2_n, l_2_loop in LoopContext(environment.getattr(l_1_item, 'cites'), undefined):
            _loop_vars = {}
            pass
            t_7.extend((
                '<a href="#source-',
                escape(l_2_n),
                '">',
                escape(l_2_n),
                '</a>',
                escape((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 10 in '_html/leaflet.html.j2' evaluated to false and no else section was defined."))),
            ))
        l_2_loop = l_2_n = missing
        t_7.append(
            '<span class="visually-hidden">)</span></sup>',
        )
        return concat(t_7)
    context.exported_vars.add('cite')
    context.vars['cite'] = l_0_cite = Macro(environment, macro, 'cite', ('item',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_tag, l_1_entries):
        t_8 = []
        if l_1_tag is missing:
            l_1_tag = undefined("parameter 'tag' was not provided", name='tag')
        if l_1_entries is missing:
            l_1_entries = undefined("parameter 'entries' was not provided", name='entries')
        pass
        t_8.extend((
            '<',
            escape(l_1_tag),
            '>\n',
        ))
        for l_2_item in l_1_entries:
            _loop_vars = {}
            pass
            t_8.extend((
                '  <li>',
                escape(t_4(t_2(environment.getattr(l_2_item, 'text')), environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'emergency_number'))),
                escape(environment.call(context, (undefined(name='cite') if l_0_cite is missing else l_0_cite), l_2_item, _loop_vars=_loop_vars)),
            ))
            if environment.getattr(l_2_item, 'picture'):
                pass
                t_8.extend((
                    '<figure class="step-picture"><img src="',
                    escape(environment.getitem(environment.getattr((undefined(name='html') if l_0_html is missing else l_0_html), 'pictures'), environment.getattr(l_2_item, 'picture'))),
                    '" alt="',
                    escape(environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'picture_alt'), environment.getattr(l_2_item, 'picture'))),
                    '"><figcaption>',
                    escape(environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'pictures'), environment.getattr(l_2_item, 'picture'))),
                    '</figcaption></figure>',
                ))
            t_8.append(
                '</li>\n',
            )
        l_2_item = missing
        t_8.extend((
            '</',
            escape(l_1_tag),
            '>',
        ))
        return concat(t_8)
    context.exported_vars.add('items')
    context.vars['items'] = l_0_items = Macro(environment, macro, 'items', ('tag', 'entries'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_level):
        t_9 = []
        if l_1_level is missing:
            l_1_level = undefined("parameter 'level' was not provided", name='level')
        pass
        t_9.append(
            '<svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">',
        )
        if (l_1_level == 'emergency'):
            pass
            t_9.append(
                '<path d="M12 2.5 22.5 21h-21z" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linejoin="round"/><path d="M12 9v6" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/><circle cx="12" cy="18" r="1.4" fill="currentColor"/>',
            )
        elif (l_1_level == 'call-today'):
            pass
            t_9.append(
                '<circle cx="12" cy="12" r="9.5" fill="none" stroke="currentColor" stroke-width="2.2"/><path d="M12 6.5V12l4 2.5" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/>',
            )
        else:
            pass
            t_9.append(
                '<rect x="3" y="4.5" width="18" height="16.5" rx="2" fill="none" stroke="currentColor" stroke-width="2.2"/><path d="M3 9.5h18M8 2.5v4M16 2.5v4" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/>',
            )
        t_9.append(
            '</svg>',
        )
        return concat(t_9)
    context.exported_vars.add('icon')
    context.vars['icon'] = l_0_icon = Macro(environment, macro, 'icon', ('level',), False, False, False, context.eval_ctx.autoescape)
    yield '<!DOCTYPE html>\n<html lang="'
    yield escape(environment.getattr((undefined(name='html') if l_0_html is missing else l_0_html), 'lang'))
    yield '" dir="ltr">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>'
    yield escape(environment.getattr((undefined(name='leaflet') if l_0_leaflet is missing else l_0_leaflet), 'title'))
    yield ': '
    yield escape(environment.getattr((undefined(name='leaflet') if l_0_leaflet is missing else l_0_leaflet), 'subtitle'))
    yield '</title>\n<meta name="description" content="'
    yield escape(environment.getattr((undefined(name='leaflet') if l_0_leaflet is missing else l_0_leaflet), 'subtitle'))
    yield '">\n<style>\n:root { --ink: #1a1a1a; --muted: #4a4a4a; --brand: '
    yield escape((undefined(name='brand') if l_0_brand is missing else l_0_brand))
    yield '; --link: #1b4f7a; --line: #6b6b6b; }\n*, *::before, *::after { box-sizing: border-box; }\nhtml { font-size: 100%; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }\nbody {\n  margin: 0; color: #1a1a1a; background-color: #ffffff;\n  font-family: "Atkinson Hyperlegible", Verdana, "DejaVu Sans", Arial, sans-serif;\n  font-size: 1.125rem; line-height: 1.55; overflow-wrap: anywhere;\n}\n.page { max-width: 46rem; margin: 0 auto; padding: 1.25rem 1rem 2.5rem; }\n.sample { margin: 0.75rem 0; padding: 0.5rem 0.75rem; border: 0.2rem dashed #b3261e; color: #8c1d18;\n  background-color: #ffffff; font-weight: bold; text-transform: uppercase; letter-spacing: 0.05em; text-align: center; }\nh1, h2, h3 { line-height: 1.25; margin: 0; }\nh1 { color: var(--brand); background-color: #ffffff; font-size: 2rem; }\nh2 { color: var(--brand); background-color: #ffffff; font-size: 1.45rem; margin: 2rem 0 0.6rem; }\nh3 { font-size: 1.15rem; margin: 0 0 0.5rem; }\np { margin: 0 0 0.75rem; }\nul, ol { margin: 0 0 0.75rem; padding-left: 1.6em; }\nli { margin-bottom: 0.45rem; padding-left: 0.2em; }\nli::marker { font-weight: bold; }\nb, strong { font-weight: bold; }\na { color: var(--link); text-decoration: underline; text-underline-offset: 0.15em; }\na:focus-visible { outline: 0.2em solid #1a1a1a; outline-offset: 0.15em; }\n.cite { font-size: 0.72em; line-height: 0; margin-left: 0.1em; white-space: nowrap; }\n.visually-hidden {\n  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;\n  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;\n}\n\n/* The top: title and subtitle, the clinic\'s logo */\n.top {\n  display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.75rem 1.5rem;\n  padding-bottom: 1rem; border-bottom: 0.3rem solid var(--brand); margin-bottom: 1.25rem;\n}\n.top .titles { flex: 1 1 20rem; min-width: 0; }\n.subtitle { color: #4a4a4a; font-size: 1.2rem; margin: 0.35rem 0 0; }\n.logo { display: block; max-width: 100%; width: auto; height: auto; max-height: 4.5rem; }\n\n/* Boxes: the three things to remember, the patient\'s own part, the clinic */\n.box { border: 0.1rem solid var(--line); border-radius: 0.4rem; padding: 1rem 1.1rem 0.4rem; margin: 0 0 1.25rem; }\n.box h2 { margin-top: 0; }\n.key { background-color: #f1f4f7; border: 0.15rem solid var(--brand); border-left-width: 0.5rem; }\n.key h2 { color: #1a1a1a; background-color: #f1f4f7; }\n.key li { font-size: 1.1rem; }\n.for-you { border-left: 0.5rem solid var(--ink); }\n.clinic { border-color: var(--brand); }\naddress { font-style: normal; }\n\n/* Pictures beside the steps they show */\n.step-picture { margin: 0.5rem 0 0.75rem; }\n.step-picture img { display: block; width: 13rem; max-width: 100%; height: auto; }\n.step-picture figcaption { color: #4a4a4a; font-size: 0.95rem; }\n\n/* Urgency tiers: each a section with its own heading, label and icon, not colour alone */\n.tier {\n  border: 0.12rem solid; border-left-width: 0.6rem; border-radius: 0.4rem;\n  padding: 0.9rem 1.1rem 0.3rem; margin: 0 0 1rem; break-inside: avoid;\n}\n.tier h3 { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.6rem; }\n.tier-label {\n  display: inline-flex; align-items: center; gap: 0.35em; padding: 0.15em 0.55em; border-radius: 0.3em;\n  font-size: 0.95rem; text-transform: uppercase; letter-spacing: 0.03em;\n}\n.icon { width: 1.3em; height: 1.3em; flex: none; }\n.tier-emergency { background-color: #fcebeb; border-color: #a4161a; }\n.tier-emergency .tier-label { color: #ffffff; background-color: #a4161a; }\n.tier-call-today { background-color: #fdf2e3; border-color: #8a4a00; }\n.tier-call-today .tier-label { color: #ffffff; background-color: #8a4a00; }\n.tier-visit { background-color: #eaf4eb; border-color: #25602b; }\n.tier-visit .tier-label { color: #ffffff; background-color: #25602b; }\n\n/* My plan: boxes to tick and lines to write on, for a printed copy */\n.checklist { list-style: none; padding-left: 0; }\n.checklist li { position: relative; padding-left: 1.75em; }\n.checklist li::before {\n  content: ""; position: absolute; left: 0; top: 0.3em; width: 1em; height: 1em;\n  border: 0.12em solid var(--ink); border-radius: 0.15em;\n}\n.fill { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.3rem 0.6rem; }\n.fill-line { flex: 1 1 10rem; border-bottom: 0.1rem solid var(--ink); min-height: 1.4em; }\n.small { color: #4a4a4a; font-size: 1rem; }\n\n/* Sources and the page\'s foot */\n.sources li { margin-bottom: 0.6rem; }\n.sources li:target { outline: 0.15em solid #1a1a1a; outline-offset: 0.2em; }\nfooter { margin-top: 2rem; padding-top: 0.75rem; border-top: 0.1rem solid var(--line); color: #4a4a4a; font-size: 0.95rem; }\nfooter p { margin: 0 0 0.3rem; }\n\n@media print {\n  @page { margin: 1.5cm; }\n  html { font-size: 90%; }\n  body, .key, .key h2, h1, h2, .subtitle, .small, footer, .step-picture figcaption { color: #000000; background-color: #ffffff; }\n  .page { max-width: none; padding: 0; }\n  a { color: #000000; text-decoration: underline; }\n  .sources a[href^="http"]::after, address a[href^="http"]::after { content: " (" attr(href) ")"; }\n  .tier, .tier-emergency, .tier-call-today, .tier-visit { background-color: #ffffff; border-color: #000000; }\n  .tier-emergency .tier-label, .tier-call-today .tier-label, .tier-visit .tier-label {\n    color: #000000; background-color: #ffffff; border: 0.1rem solid #000000;\n  }\n  .tier, .box, figure, li { break-inside: avoid; page-break-inside: avoid; }\n  h2, h3 { break-after: avoid; page-break-after: avoid; }\n}\n</style>\n</head>\n<body>\n<div class="page">\n<header class="top">\n  <div class="titles">\n    <h1>'
    yield escape(environment.getattr((undefined(name='leaflet') if l_0_leaflet is missing else l_0_leaflet), 'title'))
    yield '</h1>\n    <p class="subtitle">'
    yield escape(environment.getattr((undefined(name='leaflet') if l_0_leaflet is missing else l_0_leaflet), 'subtitle'))
    yield '</p>\n  </div>\n'
    if environment.getattr((undefined(name='html') if l_0_html is missing else l_0_html), 'logo'):
        pass
        yield '  <img class="logo" src="'
        yield escape(environment.getattr((undefined(name='html') if l_0_html is missing else l_0_html), 'logo'))
        yield '" alt="'
        yield escape(t_5(context.eval_ctx, environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'logo_alt'), '{clinic}', environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'name')))
        yield '">\n'
    yield '</header>\n<main>\n'
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'sample'):
        pass
        yield '  <p class="sample" role="note">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sample_mark'))
        yield '</p>\n'
    yield '  <section class="box key" aria-labelledby="main-message">\n    <h2 id="main-message">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'main_message'))
    yield '</h2>\n    '
    yield escape(t_1(environment.call(context, (undefined(name='items') if l_0_items is missing else l_0_items), 'ol', environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'main')), 4))
    yield '\n  </section>\n'
    if (((environment.getattr((undefined(name='patient') if l_0_patient is missing else l_0_patient), 'name') or environment.getattr((undefined(name='patient') if l_0_patient is missing else l_0_patient), 'notes')) or environment.getattr((undefined(name='patient') if l_0_patient is missing else l_0_patient), 'clinician')) or environment.getattr((undefined(name='patient') if l_0_patient is missing else l_0_patient), 'follow_up')):
        pass
        yield '  <section class="box for-you" aria-labelledby="for-you">\n    <h2 id="for-you">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'for_you'))
        if environment.getattr((undefined(name='patient') if l_0_patient is missing else l_0_patient), 'name'):
            pass
            yield ': <bdi>'
            yield escape(environment.getattr((undefined(name='patient') if l_0_patient is missing else l_0_patient), 'name'))
            yield '</bdi>'
        yield '</h2>\n'
        if environment.getattr((undefined(name='patient') if l_0_patient is missing else l_0_patient), 'clinician'):
            pass
            yield '    <p><strong>'
            yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'clinician'))
            yield ':</strong> <bdi>'
            yield escape(environment.getattr((undefined(name='patient') if l_0_patient is missing else l_0_patient), 'clinician'))
            yield '</bdi></p>\n'
        if environment.getattr((undefined(name='patient') if l_0_patient is missing else l_0_patient), 'follow_up'):
            pass
            yield '    <p><strong>'
            yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'follow_up'))
            yield ':</strong> <bdi>'
            yield escape(environment.getattr((undefined(name='patient') if l_0_patient is missing else l_0_patient), 'follow_up'))
            yield '</bdi></p>\n'
        for l_1_note in environment.getattr((undefined(name='patient') if l_0_patient is missing else l_0_patient), 'notes'):
            _loop_vars = {}
            pass
            yield '    <p dir="auto">'
            yield escape(t_3(l_1_note))
            yield '</p>\n'
        l_1_note = missing
        yield '  </section>\n'
    yield '  <section aria-labelledby="about">\n    <h2 id="about">'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sections'), 'about'))
    yield '</h2>\n'
    for l_1_item in environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'about'):
        _loop_vars = {}
        pass
        yield '    <p>'
        yield escape(t_2(environment.getattr(l_1_item, 'text')))
        yield escape(environment.call(context, (undefined(name='cite') if l_0_cite is missing else l_0_cite), l_1_item, _loop_vars=_loop_vars))
        yield '</p>\n'
    l_1_item = missing
    yield '  </section>\n  <section aria-labelledby="relief">\n    <h2 id="relief">'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sections'), 'relief'))
    yield '</h2>\n    '
    yield escape(t_1(environment.call(context, (undefined(name='items') if l_0_items is missing else l_0_items), 'ol', environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'relief')), 4))
    yield '\n  </section>\n  <section aria-labelledby="prevent">\n    <h2 id="prevent">'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sections'), 'prevent'))
    yield '</h2>\n    '
    yield escape(t_1(environment.call(context, (undefined(name='items') if l_0_items is missing else l_0_items), 'ul', environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'prevent')), 4))
    yield '\n  </section>\n  <section aria-labelledby="warning">\n    <h2 id="warning">'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sections'), 'warning'))
    yield '</h2>\n'
    for l_1_tier in (undefined(name='tiers') if l_0_tiers is missing else l_0_tiers):
        _loop_vars = {}
        pass
        yield '    <section class="tier tier-'
        yield escape(environment.getattr(l_1_tier, 'id'))
        yield '" aria-labelledby="tier-'
        yield escape(environment.getattr(l_1_tier, 'id'))
        yield '">\n      <h3 id="tier-'
        yield escape(environment.getattr(l_1_tier, 'id'))
        yield '"><span class="tier-label">'
        yield escape(environment.call(context, (undefined(name='icon') if l_0_icon is missing else l_0_icon), environment.getattr(l_1_tier, 'id'), _loop_vars=_loop_vars))
        yield escape(environment.getattr(environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'tiers'), environment.getattr(l_1_tier, 'id')), 'label'))
        yield '</span><span class="visually-hidden">: </span> <span>'
        yield escape(t_4(environment.getattr(environment.getitem(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'tiers'), environment.getattr(l_1_tier, 'id')), 'heading'), environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'emergency_number')))
        yield '</span></h3>\n      '
        yield escape(t_1(environment.call(context, (undefined(name='items') if l_0_items is missing else l_0_items), 'ul', environment.getattr(l_1_tier, 'signs'), _loop_vars=_loop_vars), 6))
        yield '\n'
        if (environment.getattr(l_1_tier, 'id') == 'call-today'):
            pass
            yield '      <p><strong>'
            yield escape((environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'same_day_label') or environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'clinic_phone')))
            yield ':</strong> <a href="'
            yield escape(t_6(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'same_day_phone')))
            yield '">'
            yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'same_day_phone'))
            yield '</a>'
            if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'after_hours_phone'):
                pass
                yield ' · <strong>'
                yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'after_hours'))
                yield ':</strong> <a href="'
                yield escape(t_6(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'after_hours_phone')))
                yield '">'
                yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'after_hours_phone'))
                yield '</a>'
            yield '</p>\n'
        yield '    </section>\n'
    l_1_tier = missing
    yield '  </section>\n  <section aria-labelledby="avoid">\n    <h2 id="avoid">'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sections'), 'avoid'))
    yield '</h2>\n    '
    yield escape(t_1(environment.call(context, (undefined(name='items') if l_0_items is missing else l_0_items), 'ul', environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'avoid')), 4))
    yield '\n  </section>\n  <section aria-labelledby="plan">\n    <h2 id="plan">'
    yield escape(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sections'), 'plan'))
    yield '</h2>\n    <p class="small">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'plan_intro'))
    yield '</p>\n    <ul class="checklist">\n'
    def t_10(fiter):
        for l_1_item in fiter:
            if (environment.getattr(l_1_item, 'kind') == 'check'):
                yield l_1_item
    for l_1_item in t_10(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'plan')):
        _loop_vars = {}
        pass
        yield '      <li>'
        yield escape(t_4(t_2(environment.getattr(l_1_item, 'text')), environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'emergency_number')))
        yield escape(environment.call(context, (undefined(name='cite') if l_0_cite is missing else l_0_cite), l_1_item, _loop_vars=_loop_vars))
        yield '</li>\n'
    l_1_item = missing
    yield '    </ul>\n'
    def t_11(fiter):
        for l_1_item in fiter:
            if (environment.getattr(l_1_item, 'kind') == 'fill'):
                yield l_1_item
    for l_1_item in t_11(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'plan')):
        _loop_vars = {}
        pass
        yield '    <p class="fill"><span>'
        yield escape(t_2(environment.getattr(l_1_item, 'text')))
        yield escape(environment.call(context, (undefined(name='cite') if l_0_cite is missing else l_0_cite), l_1_item, _loop_vars=_loop_vars))
        yield '</span><span class="fill-line" aria-hidden="true"></span></p>\n'
    l_1_item = missing
    yield '  </section>\n  <section class="box clinic" aria-labelledby="your-clinic">\n    <h2 id="your-clinic">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'your_clinic'))
    yield '</h2>\n    <address>\n      <p><strong>'
    yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'name'))
    yield '</strong>'
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'department'):
        pass
        yield '<br>'
        yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'department'))
    yield '</p>\n'
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'address'):
        pass
        yield '      <p>'
        yield escape(t_3(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'address')))
        yield '</p>\n'
    yield '      <p><strong>'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'phone'))
    yield ':</strong> <a href="'
    yield escape(t_6(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'phone')))
    yield '">'
    yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'phone'))
    yield '</a>'
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'after_hours_phone'):
        pass
        yield '<br><strong>'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'after_hours'))
        yield ':</strong> <a href="'
        yield escape(t_6(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'after_hours_phone')))
        yield '">'
        yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'after_hours_phone'))
        yield '</a>'
    yield '</p>\n'
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'website'):
        pass
        yield '      <p><a href="'
        yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'website'))
        yield '">'
        yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'website_short'))
        yield '</a></p>\n'
    yield '    </address>\n  </section>\n  <section aria-labelledby="sources">\n    <h2 id="sources">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sources'))
    yield '</h2>\n    <p class="small">'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sources_intro'))
    yield ' '
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'disclaimer'))
    yield '</p>\n    <ol class="sources">\n'
    for l_1_s in (undefined(name='sources') if l_0_sources is missing else l_0_sources):
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
        yield escape(('' if (environment.getattr(l_1_s, 'title')[-1:] in '?.!') else '.'))
        yield ' '
        if (environment.call(context, environment.getattr(environment.getattr(l_1_s, 'url'), 'startswith'), 'https://', _loop_vars=_loop_vars) or environment.call(context, environment.getattr(environment.getattr(l_1_s, 'url'), 'startswith'), 'http://', _loop_vars=_loop_vars)):
            pass
            yield '<a href="'
            yield escape(environment.getattr(l_1_s, 'url'))
            yield '">'
            yield escape(environment.getattr(l_1_s, 'address'))
            yield '</a>'
        else:
            pass
            yield escape(environment.getattr(l_1_s, 'address'))
        yield '</li>\n'
    l_1_s = missing
    yield '    </ol>\n  </section>\n</main>\n<footer>\n  <p>'
    yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'name'))
    yield ' · '
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'phone'))
    yield ': <a href="'
    yield escape(t_6(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'phone')))
    yield '">'
    yield escape(environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'phone'))
    yield '</a></p>\n  <p>'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'version'))
    yield ' '
    yield escape(environment.getattr((undefined(name='leaflet') if l_0_leaflet is missing else l_0_leaflet), 'version'))
    yield ' · '
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'reviewed'))
    yield ' '
    yield escape(environment.getattr((undefined(name='leaflet') if l_0_leaflet is missing else l_0_leaflet), 'reviewed'))
    yield ' · '
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'made_on'))
    yield ' '
    yield escape(environment.getattr((undefined(name='leaflet') if l_0_leaflet is missing else l_0_leaflet), 'date'))
    yield '</p>\n'
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'approved_by'):
        pass
        yield '  <p>'
        yield escape(t_5(context.eval_ctx, t_5(context.eval_ctx, environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'approved'), '{name}', environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'approved_by')), '{date}', environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'approved_on')))
        yield '</p>\n'
    if environment.getattr((undefined(name='clinic') if l_0_clinic is missing else l_0_clinic), 'sample'):
        pass
        yield '  <p class="sample" role="note">'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'sample_mark'))
        yield '</p>\n'
    yield '</footer>\n</div>\n</body>\n</html>'

blocks = {}
debug_info = '9=56&10=59&11=88&12=97&13=100&14=105&16=125&18=131&19=139&20=144&24=161&28=163&29=167&31=169&138=171&139=173&141=175&142=178&146=183&147=186&150=189&151=191&153=193&155=196&156=203&157=206&159=210&160=213&162=217&163=221&168=226&169=228&170=232&174=237&175=239&178=241&179=243&182=245&183=247&184=251&185=255&186=262&187=264&188=267&194=286&195=288&198=290&199=292&201=294&202=302&205=307&206=315&210=320&212=322&213=329&214=332&216=335&217=351&218=354&223=359&224=361&226=365&227=369&233=391&234=399&235=411&236=414&238=416&239=419'

# Generated by `python -m handouts.render.precompiled` from _html/leaflet.html.j2: do not edit.
SOURCE_SHA256 = '4b15f73124f15e9a21092648186ffdf5f00af7fc1fe3f26dfdcb75e250460470'
ENVIRONMENT = '901a5e5ecdd7c6e1b2612bc5a75e6380acd19ca6f8f33b274c396d2be7bdee38'
