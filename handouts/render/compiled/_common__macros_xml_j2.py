from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_common/macros.xml.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_cite = l_0_items = l_0_for_you = l_0_patient_given = l_0_clinic_lines = l_0_same_day_phones = l_0_approval = l_0_qr = l_0_title = l_0_sources = l_0_figures = missing
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
        t_3 = environment.filters['lines']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'lines' found.")
    try:
        t_4 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    pass
    def macro(l_1_item, l_1_brackets):
        t_5 = []
        if l_1_item is missing:
            l_1_item = undefined("parameter 'item' was not provided", name='item')
        if l_1_brackets is missing:
            l_1_brackets = False
        pass
        if l_1_brackets:
            pass
            t_5.extend((
                ' [',
                escape(t_2(context.eval_ctx, environment.getattr(l_1_item, 'cites'), ', ')),
                ']',
            ))
        else:
            pass
            t_5.extend((
                '<sup>',
                escape(t_2(context.eval_ctx, environment.getattr(l_1_item, 'cites'), ',')),
                '</sup>',
            ))
        return concat(t_5)
    context.exported_vars.add('cite')
    context.vars['cite'] = l_0_cite = Macro(environment, macro, 'cite', ('item', 'brackets'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_list, l_1_brackets):
        t_6 = []
        if l_1_list is missing:
            l_1_list = undefined("parameter 'list' was not provided", name='list')
        if l_1_brackets is missing:
            l_1_brackets = False
        pass
        for l_2_item in l_1_list:
            _loop_vars = {}
            pass
            t_6.extend((
                '<item>',
                escape(t_1(environment.getattr(l_2_item, 'text'))),
                escape(environment.call(context, (undefined(name='cite') if l_0_cite is missing else l_0_cite), l_2_item, l_1_brackets, _loop_vars=_loop_vars)),
                '</item>\n',
            ))
        l_2_item = missing
        return concat(t_6)
    context.exported_vars.add('items')
    context.vars['items'] = l_0_items = Macro(environment, macro, 'items', ('list', 'brackets'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_patient, l_1_t, l_1_heading_style, l_1_style):
        t_7 = []
        if l_1_patient is missing:
            l_1_patient = undefined("parameter 'patient' was not provided", name='patient')
        if l_1_t is missing:
            l_1_t = undefined("parameter 't' was not provided", name='t')
        if l_1_heading_style is missing:
            l_1_heading_style = 'box-title'
        if l_1_style is missing:
            l_1_style = 'body'
        pass
        t_7.extend((
            '<h2 style="',
            escape(l_1_heading_style),
            '">',
            escape(environment.getattr(l_1_t, 'for_you')),
        ))
        if environment.getattr(l_1_patient, 'name'):
            pass
            t_7.extend((
                ': ',
                escape(environment.getattr(l_1_patient, 'name')),
            ))
        t_7.append(
            '</h2>\n',
        )
        if environment.getattr(l_1_patient, 'clinician'):
            pass
            t_7.extend((
                '<p style="',
                escape(l_1_style),
                '"><b>',
                escape(environment.getattr(l_1_t, 'clinician')),
                ':</b> ',
                escape(environment.getattr(l_1_patient, 'clinician')),
                '</p>\n',
            ))
        if environment.getattr(l_1_patient, 'follow_up'):
            pass
            t_7.extend((
                '<p style="',
                escape(l_1_style),
                '"><b>',
                escape(environment.getattr(l_1_t, 'follow_up')),
                ':</b> ',
                escape(environment.getattr(l_1_patient, 'follow_up')),
                '</p>\n',
            ))
        for l_2_note in environment.getattr(l_1_patient, 'notes'):
            _loop_vars = {}
            pass
            t_7.extend((
                '<p style="',
                escape(l_1_style),
                '">',
                escape(t_3(l_2_note)),
                '</p>\n',
            ))
        l_2_note = missing
        return concat(t_7)
    context.exported_vars.add('for_you')
    context.vars['for_you'] = l_0_for_you = Macro(environment, macro, 'for_you', ('patient', 't', 'heading_style', 'style'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_patient):
        t_8 = []
        if l_1_patient is missing:
            l_1_patient = undefined("parameter 'patient' was not provided", name='patient')
        pass
        t_8.append(
            escape(('yes' if (((environment.getattr(l_1_patient, 'name') or environment.getattr(l_1_patient, 'notes')) or environment.getattr(l_1_patient, 'clinician')) or environment.getattr(l_1_patient, 'follow_up')) else '')),
        )
        return concat(t_8)
    context.exported_vars.add('patient_given')
    context.vars['patient_given'] = l_0_patient_given = Macro(environment, macro, 'patient_given', ('patient',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_clinic, l_1_t, l_1_style):
        t_9 = []
        if l_1_clinic is missing:
            l_1_clinic = undefined("parameter 'clinic' was not provided", name='clinic')
        if l_1_t is missing:
            l_1_t = undefined("parameter 't' was not provided", name='t')
        if l_1_style is missing:
            l_1_style = 'contact'
        pass
        t_9.extend((
            '<p style="',
            escape(l_1_style),
            '"><b>',
            escape(environment.getattr(l_1_clinic, 'name')),
            '</b>',
        ))
        if environment.getattr(l_1_clinic, 'department'):
            pass
            t_9.extend((
                '<br/>',
                escape(environment.getattr(l_1_clinic, 'department')),
            ))
        t_9.append(
            '</p>\n',
        )
        if environment.getattr(l_1_clinic, 'address'):
            pass
            t_9.extend((
                '<p style="',
                escape(l_1_style),
                '">',
                escape(t_3(environment.getattr(l_1_clinic, 'address'))),
                '</p>\n',
            ))
        t_9.extend((
            '<p style="',
            escape(l_1_style),
            '"><b>',
            escape(environment.getattr(l_1_t, 'phone')),
            ':</b> ',
            escape(environment.getattr(l_1_clinic, 'phone')),
            '</p>\n',
        ))
        if environment.getattr(l_1_clinic, 'after_hours_phone'):
            pass
            t_9.extend((
                '<p style="',
                escape(l_1_style),
                '"><b>',
                escape(environment.getattr(l_1_t, 'after_hours')),
                ':</b> ',
                escape(environment.getattr(l_1_clinic, 'after_hours_phone')),
                '</p>\n',
            ))
        if environment.getattr(l_1_clinic, 'website'):
            pass
            t_9.extend((
                '<p style="',
                escape(l_1_style),
                '">',
                escape(environment.getattr(l_1_clinic, 'website_short')),
                '</p>\n',
            ))
        return concat(t_9)
    context.exported_vars.add('clinic_lines')
    context.vars['clinic_lines'] = l_0_clinic_lines = Macro(environment, macro, 'clinic_lines', ('clinic', 't', 'style'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_clinic, l_1_t, l_1_lines, l_1_style):
        t_10 = []
        if l_1_clinic is missing:
            l_1_clinic = undefined("parameter 'clinic' was not provided", name='clinic')
        if l_1_t is missing:
            l_1_t = undefined("parameter 't' was not provided", name='t')
        if l_1_lines is missing:
            l_1_lines = False
        if l_1_style is missing:
            l_1_style = 'body'
        pass
        t_10.extend((
            '<p style="',
            escape(l_1_style),
            '"><b>',
            escape((environment.getattr(l_1_clinic, 'same_day_label') or environment.getattr(l_1_t, 'clinic_phone'))),
            ':</b> ',
            escape(environment.getattr(l_1_clinic, 'same_day_phone')),
        ))
        if environment.getattr(l_1_clinic, 'after_hours_phone'):
            pass
            if l_1_lines:
                pass
                t_10.append(
                    '<br/>',
                )
            else:
                pass
                t_10.append(
                    ' · ',
                )
            t_10.extend((
                '<b>',
                escape(environment.getattr(l_1_t, 'after_hours')),
                ':</b> ',
                escape(environment.getattr(l_1_clinic, 'after_hours_phone')),
            ))
        t_10.append(
            '</p>\n',
        )
        return concat(t_10)
    context.exported_vars.add('same_day_phones')
    context.vars['same_day_phones'] = l_0_same_day_phones = Macro(environment, macro, 'same_day_phones', ('clinic', 't', 'lines', 'style'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_clinic, l_1_t):
        t_11 = []
        if l_1_clinic is missing:
            l_1_clinic = undefined("parameter 'clinic' was not provided", name='clinic')
        if l_1_t is missing:
            l_1_t = undefined("parameter 't' was not provided", name='t')
        pass
        if environment.getattr(l_1_clinic, 'approved_by'):
            pass
            t_11.append(
                escape(t_4(context.eval_ctx, t_4(context.eval_ctx, environment.getattr(l_1_t, 'approved'), '{name}', environment.getattr(l_1_clinic, 'approved_by')), '{date}', environment.getattr(l_1_clinic, 'approved_on'))),
            )
        return concat(t_11)
    context.exported_vars.add('approval')
    context.vars['approval'] = l_0_approval = Macro(environment, macro, 'approval', ('clinic', 't'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_clinic, l_1_t, l_1_size, l_1_style, l_1_align):
        t_12 = []
        if l_1_clinic is missing:
            l_1_clinic = undefined("parameter 'clinic' was not provided", name='clinic')
        if l_1_t is missing:
            l_1_t = undefined("parameter 't' was not provided", name='t')
        if l_1_size is missing:
            l_1_size = '0.95in'
        if l_1_style is missing:
            l_1_style = 'caption'
        if l_1_align is missing:
            l_1_align = 'center'
        pass
        if environment.getattr(l_1_clinic, 'website'):
            pass
            t_12.extend((
                '<qr data="',
                escape(environment.getattr(l_1_clinic, 'website')),
                '" size="',
                escape(l_1_size),
                '" align="',
                escape(l_1_align),
                '" alt="',
                escape(environment.getattr(l_1_t, 'scan')),
                ': ',
                escape(environment.getattr(l_1_clinic, 'website')),
                '"/>\n<p style="',
                escape(l_1_style),
                '">',
                escape(environment.getattr(l_1_t, 'scan')),
                '</p>\n',
            ))
        return concat(t_12)
    context.exported_vars.add('qr')
    context.vars['qr'] = l_0_qr = Macro(environment, macro, 'qr', ('clinic', 't', 'size', 'style', 'align'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_s):
        t_13 = []
        if l_1_s is missing:
            l_1_s = undefined("parameter 's' was not provided", name='s')
        pass
        t_13.extend((
            escape(environment.getattr(l_1_s, 'title')),
            escape(('' if (environment.getattr(l_1_s, 'title')[-1:] in '?.!') else '.')),
        ))
        return concat(t_13)
    context.exported_vars.add('title')
    context.vars['title'] = l_0_title = Macro(environment, macro, 'title', ('s',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_sources, l_1_t, l_1_style, l_1_printed):
        t_14 = []
        if l_1_sources is missing:
            l_1_sources = undefined("parameter 'sources' was not provided", name='sources')
        if l_1_t is missing:
            l_1_t = undefined("parameter 't' was not provided", name='t')
        if l_1_style is missing:
            l_1_style = 'source'
        if l_1_printed is missing:
            l_1_printed = ''
        pass
        t_14.extend((
            '<p style="',
            escape(l_1_style),
            '"><b>',
            escape(environment.getattr(l_1_t, 'sources')),
            '.</b> ',
            escape(environment.getattr(l_1_t, 'sources_intro')),
            ' ',
            escape(environment.getattr(l_1_t, 'disclaimer')),
            '\n',
        ))
        for l_2_s in l_1_sources:
            _loop_vars = {}
            pass
            t_14.extend((
                ' <b>',
                escape(environment.getattr(l_2_s, 'n')),
                '</b> ',
                escape(environment.getattr(l_2_s, 'publisher')),
                ' (',
                escape(environment.getattr(l_2_s, 'year')),
                '): ',
                escape(environment.getattr(l_2_s, 'address')),
                '.',
            ))
        l_2_s = missing
        if l_1_printed:
            pass
            t_14.extend((
                ' ',
                escape(environment.getattr(l_1_t, 'printed')),
                ' ',
                escape(l_1_printed),
                '.',
            ))
        t_14.append(
            '</p>\n',
        )
        return concat(t_14)
    context.exported_vars.add('sources')
    context.vars['sources'] = l_0_sources = Macro(environment, macro, 'sources', ('sources', 't', 'style', 'printed'), False, False, False, context.eval_ctx.autoescape)
    yield '\n\n'
    def macro(l_1_list, l_1_t, l_1_width, l_1_height):
        t_15 = []
        if l_1_list is missing:
            l_1_list = undefined("parameter 'list' was not provided", name='list')
        if l_1_t is missing:
            l_1_t = undefined("parameter 't' was not provided", name='t')
        if l_1_width is missing:
            l_1_width = '1.6in'
        if l_1_height is missing:
            l_1_height = '1.2in'
        pass
        def t_16(fiter):
            for l_2_item in fiter:
                if environment.getattr(l_2_item, 'picture'):
                    yield l_2_item
        for l_2_item in t_16(l_1_list):
            _loop_vars = {}
            pass
            t_15.extend((
                '<figure picture="',
                escape(environment.getattr(l_2_item, 'picture')),
                '" width="',
                escape(l_1_width),
                '" height="',
                escape(l_1_height),
                '" alt="',
                escape(environment.getitem(environment.getattr(l_1_t, 'picture_alt'), environment.getattr(l_2_item, 'picture'))),
                '">',
                escape(environment.getitem(environment.getattr(l_1_t, 'pictures'), environment.getattr(l_2_item, 'picture'))),
                '</figure>\n',
            ))
        l_2_item = missing
        return concat(t_15)
    context.exported_vars.add('figures')
    context.vars['figures'] = l_0_figures = Macro(environment, macro, 'figures', ('list', 't', 'width', 'height'), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '5=36&8=61&12=82&13=95&14=108&16=119&18=130&22=145&25=157&26=168&27=182&29=193&30=200&32=211&39=224&40=237&41=243&45=268&48=284&49=297&50=311&55=320&59=333&60=346&61=355&62=370&67=386&68=397'

# Generated by `python -m handouts.render.precompiled` from _common/macros.xml.j2: do not edit.
SOURCE_SHA256 = '683ab47e87d322ddb984686443a6c7661e1ad988498fa9a4e97c7d718322a349'
ENVIRONMENT = '901a5e5ecdd7c6e1b2612bc5a75e6380acd19ca6f8f33b274c396d2be7bdee38'
