"""Constructions added in the second round of event-coding rules (tiny in-code fixtures, actors placed by hand)."""

from __future__ import annotations

from eventlens.events import cameo_info

ISR = ("Israeli", "ISR", "ISR", "demonym")
USA = ("US", "USA", "USA", "country")


def triples(events):
    return {(e.source.code if e.source else None, e.target.code if e.target else None, e.cameo) for e in events if not e.negated}


def test_light_verb_takes_the_event_noun(code):
    events = code("Israel's high court opened a hearing into the detention of Palestinians.", [("Israel's high court", "ISRJUD", "ISR", "actor"), ("Palestinians", "PSE", "PSE", "demonym")])
    assert any(e.cameo == "090" and e.rule.startswith("light:") for e in events)


def test_halting_a_cooperative_exchange_reduces_relations(code):
    events = code("Syria ended mediation efforts between Lebanon and Israel.", [("Syria", "SYR", "SYR", "country"), ("Lebanon", "LBN", "LBN", "country"), ("Israel", "ISR", "ISR", "country")])
    assert any(e.cameo == "165" and e.source.code == "SYR" for e in events)


def test_agentless_passive_takes_the_attacker_from_the_attack_noun(code):
    events = code("Four children were killed in Israeli shelling in Gaza.", [("children", "CVL", None, "agent"), ISR, ("Gaza", "PSE", "PSE", "region")])
    assert ("ISR", "PSECVL", "190") in triples(events)


def test_passive_without_any_agent_codes_nothing(code):
    assert code("Four children were killed in Gaza.", [("children", "CVL", None, "agent"), ("Gaza", "PSE", "PSE", "region")]) == []


def test_location_target_when_no_target_actor(code):
    events = code("US activists staged a protest in Beijing.", [("US activists", "USAOPP", "USA", "actor")])
    assert ("USAOPP", "CHN", "141") in triples(events)
    assert "tgt:location" in events[0].rule


def test_location_in_the_source_country_makes_a_domestic_event(code):
    events = code("Chinese activists staged a protest in Beijing.", [("Chinese activists", "CHNOPP", "CHN", "actor")])
    assert triples(events) == {("CHNOPP", "CHN", "141")}
    assert "tgt:location" in events[0].rule


def test_obligation_under_speech_is_a_demand_even_for_unknown_acts(code):
    events = code("The United States said Iran must drop its barriers.", [("The United States", "USA", "USA", "country"), ("Iran", "IRN", "IRN", "country")])
    assert ("USA", "IRN", "100") in triples(events)


def test_refusal_of_an_uncoded_act_is_a_rejection(code):
    events = code("Turkey refused to respond to the letter.", [("Turkey", "TUR", "TUR", "country")])
    assert any(e.cameo == "120" for e in events)


def test_rejecting_a_proposal(code):
    events = code("The rebels rejected a Senegalese peace plan.", [("The rebels", "REB", None, "agent"), ("Senegalese", "SEN", "SEN", "demonym")])
    assert all(e.cameo[:2] == "12" for e in events) and events


def test_wants_someone_to_act_is_an_appeal_to_them(code):
    events = code("Obama wants Putin to attack Switzerland.", [("Obama", "USAGOV", "USA", "person"), ("Putin", "RUSGOV", "RUS", "person"), ("Switzerland", "CHE", "CHE", "country")])
    assert triples(events) == {("USAGOV", "RUSGOV", "020")}


def test_request_content_is_not_an_asserted_event(code):
    events = code("Congress asked Obama to help Iran.", [("Congress", "USALEG", "USA", "actor"), ("Obama", "USAGOV", "USA", "person"), ("Iran", "IRN", "IRN", "country")])
    assert {e.cameo[:2] for e in events} == {"02"}


def test_negated_governor_negates_the_purpose_clause(code):
    events = code("Obama did not give permission to Russia to help Israel.", [("Obama", "USAGOV", "USA", "person"), ("Russia", "RUS", "RUS", "country"), ("Israel", "ISR", "ISR", "country")])
    assert all(e.negated for e in events if e.trigger == "help")


def test_sense_restriction_abstract_object(code):
    # "take ... actions" is not a seizure; "took steps" is not an event at all
    assert code("Iran took defensive actions.", [("Iran", "IRN", "IRN", "country")]) == []
    assert code("Iran took several steps.", [("Iran", "IRN", "IRN", "country")]) == []
    # the verb's specific patterns still apply: "took control of" is an occupation
    assert [e.cameo for e in code("Iran took control of Basra.", [("Iran", "IRN", "IRN", "country"), ("Basra", "IRQ", "IRQ", "city")])][:1] == ["192"]


def test_sense_restriction_demonstrate_with_an_object_or_clause_means_show(code):
    students = [("Students", "---EDU", None, "agent"), ("Tehran", "IRN", "IRN", "city")]
    assert [e.plover for e in code("Students demonstrated in Tehran.", students)] == ["PROTEST"]
    assert code("Students demonstrated their skills in Tehran.", students) == []
    assert code("Students demonstrated how Tehran can host the games.", students) == []
    # a pattern of the verb still applies with an object: "demonstrated solidarity" is support
    assert [e.plover for e in code("Iran demonstrated solidarity with Iraq.", [("Iran", "IRN", "IRN", "country"), ("Iraq", "IRQ", "IRQ", "country")])] == ["SUPPORT"]


def test_according_to_is_not_a_trigger(code):
    events = code("Iran attacked Iraq, according to Syria.", [("Iran", "IRN", "IRN", "country"), ("Iraq", "IRQ", "IRQ", "country"), ("Syria", "SYR", "SYR", "country")])
    assert {e.trigger for e in events} == {"attacked"}


def test_joint_exercise_is_military_cooperation(code):
    events = code("French and Egyptian warships launched war games.", [("French", "FRAMIL", "FRA", "demonym"), ("Egyptian warships", "EGYMIL", "EGY", "actor")])
    assert events and all(e.cameo == "062" and e.plover == "COOPERATE" for e in events)


def test_readiness_before_an_attack_is_mobilization(code):
    events = code("The Macedonian army prepared to resume shelling rebel territory.", [("The Macedonian army", "MKDMIL", "MKD", "actor")])
    assert any(e.cameo == "152" and e.plover == "MOBILIZE" for e in events)


def test_own_forces_are_not_the_target_of_a_deployment(code):
    events = code("France deployed troops to Mali.", [("France", "FRA", "FRA", "country"), ("troops", "MIL", None, "agent"), ("Mali", "MLI", "MLI", "country")])
    assert ("FRA", "MLI", "154") in triples(events)


def test_pronoun_actor_carries_its_antecedent(code):
    events = code("Nigeria announced that it will withdraw its force from Chad.", [("Nigeria", "NGA", "NGA", "country"), ("it", "NGA", "NGA", "pronoun"), ("Chad", "TCD", "TCD", "country")])
    assert events and all(e.source.text == "Nigeria" for e in events)


def test_plover_manual_overrides():
    assert cameo_info("0831").plover == "RETREAT"  # resignations
    assert cameo_info("0813").plover == "CONCEDE"  # lifting a curfew
    assert cameo_info("163").plover == "SANCTION"  # international sanctions
    assert cameo_info("084").plover == "RETREAT"  # unchanged rows still come from CAMEO2PLOVER


def test_refusing_to_comment_is_not_a_rejection(code):
    assert code("Iran refused to comment on the report.", [("Iran", "IRN", "IRN", "country")]) == []


def test_allegation_of_an_attack_is_an_accusation(code):
    events = code("The US claimed that ISIL had attacked Iraq.", [("The US", "USA", "USA", "country"), ("ISIL", "IMGMUSISI", None, "actor"), ("Iraq", "IRQ", "IRQ", "country")])
    assert triples(events) == {("USA", "IMGMUSISI", "112")}  # the claim is what the sentence evidences


def test_charge_clause_of_a_punishment_is_not_a_separate_act(code):
    events = code("A Tunisian court jailed a Nigerian student for helping militants.", [("A Tunisian court", "TUNJUD", "TUN", "actor"), ("a Nigerian student", "NGAEDU", "NGA", "actor")])
    assert {e.cameo[:2] for e in events} == {"17"}


def test_self_directed_passive_takes_the_retreating_side(code):
    events = code("Russian troops were withdrawn from Syria.", [("Russian troops", "RUSMIL", "RUS", "actor"), ("Syria", "SYR", "SYR", "country")])
    assert ("RUSMIL", "SYR", "0874") in triples(events)


def test_ultimatum_is_a_threat(code):
    events = code("Peru issued an ultimatum to Ecuador.", [("Peru", "PER", "PER", "country"), ("Ecuador", "ECU", "ECU", "country")])
    assert ("PER", "ECU", "139") in triples(events) and events[0].plover == "THREATEN"


def test_unlisted_verb_forms_still_reach_light_verb_rules(code):
    events = code("Israel and Lebanon renewed negotiations.", [("Israel", "ISR", "ISR", "country"), ("Lebanon", "LBN", "LBN", "country")])
    assert ("ISR", "LBN", "046") in triples(events) and ("LBN", "ISR", "046") in triples(events)


def test_gathering_for_a_rally_is_a_protest(code):
    events = code("Thousands of Nigerians converged for a rally in Lagos.", [("Nigerians", "NGA", "NGA", "demonym")])
    assert any(e.cameo == "141" and e.source.code == "NGA" for e in events)


def test_passive_agent_is_the_logical_subject_for_patterns(code):
    events = code("The Russian building was demolished by a Ukrainian protester.", [("Russian", "RUS", "RUS", "demonym"), ("a Ukrainian protester", "UKROPP", "UKR", "actor")])
    assert any(e.cameo[:2] == "14" for e in events)


def test_protest_aim_names_the_target(code):
    events = code("Ethnic Turks began a hunger strike to protest against Sweden.", [("Ethnic Turks", "TUR", "TUR", "demonym"), ("Sweden", "SWE", "SWE", "country")])
    assert any(e.cameo == "142" and e.target is not None and e.target.code == "SWE" for e in events)


def test_postponing_a_protest_eases_dissent(code):
    events = code("The opposition agreed to postpone the demonstration.", [("The opposition", "OPP", None, "agent")])
    assert all(e.plover == "AGREE" for e in events)


def test_preference_orders_are_ordered():
    # a frozenset's order depends on the process's hash seed; target choice must not
    from eventlens.events import load_rules

    rules = load_rules()
    assert isinstance(rules.target_preps, tuple) and rules.target_preps[0] == "to"
    assert rules.target_preps.index("at") < rules.target_preps.index("from")


def test_fired_at_from_picks_the_target_not_the_origin(code):
    events = code("A mortar bomb was fired at Israel from the Gaza Strip.", [("Israel", "ISR", "ISR", "country"), ("Gaza Strip", "PSE", "PSE", "region")])
    assert ("PSE", "ISR", "190") in triples(events)
    reported = code("Israel said a mortar bomb was fired at it from the Gaza Strip.", [("Israel", "ISR", "ISR", "country"), ("Gaza Strip", "PSE", "PSE", "region")])
    assert triples(reported) == {("ISR", "PSE", "112")}  # the speaker accuses the side it names


def test_receiver_verbs_take_the_from_phrase_as_source(code):
    events = code("Iran received a stern warning from the United Nations.", [("Iran", "IRN", "IRN", "country"), ("the United Nations", "IGOUNO", None, "actor")])
    assert ("IGOUNO", "IRN", "130") in triples(events)
    assert code("Iran faces pressure over its nuclear program.", [("Iran", "IRN", "IRN", "country")]) == []


def test_announced_conditional_act_is_a_threat(code):
    events = code("The Umma party said it will boycott the elections unless Algeria releases its leaders.", [("The Umma party", "DZAPTY", "DZA", "actor"), ("it", "DZAPTY", "DZA", "pronoun"), ("Algeria", "DZA", "DZA", "country")])
    assert any(e.plover == "THREATEN" and e.rule.startswith("conditional-threat") for e in events)
    # the writer's own speculation stays hypothetical (see test_constructions.test_hypothetical_event)


def test_pronoun_fallback_agrees_in_gender_and_number(code):
    """A pronoun the actors stage left unresolved takes the nearest actor it can stand for, not just the nearest."""
    actors = [("The king", "JORGOV", "JOR", "agent"), ("the queen", "JORGOV", "JOR", "agent"), ("Amman", "JOR", "JOR", "city"), ("Egypt", "EGY", "EGY", "country")]
    she = code("The king met the queen in Amman. She later visited Egypt.", actors)
    assert [(e.source.text, e.target.text) for e in she if e.trigger == "visited"] == [("the queen", "Egypt")]
    he = code("The king met the queen in Amman. He later visited Egypt.", actors)
    assert [(e.source.text, e.target.text) for e in he if e.trigger == "visited"] == [("The king", "Egypt")]
    # "he" is never a group, a plural or a country
    ministers = [("Iran", "IRN", "IRN", "country"), ("the ministers", "IRQGOV", "IRQ", "agent"), ("Syria", "SYR", "SYR", "country")]
    assert all(e.source is None or e.source.text != "the ministers" for e in code("Iran praised the ministers. He attacked Syria.", ministers))


def test_plural_pronoun_takes_coordinated_people_and_it_is_not_a_person(code):
    people = [("Obama", "USAGOV", "USA", "actor"), ("Putin", "RUSGOV", "RUS", "actor"), ("Iraq", "IRQ", "IRQ", "country")]
    events = code("Obama and Putin said they will attack Iraq.", people)
    assert sorted(e.source.text for e in events) == ["Obama", "Putin"]
    envoy = [("Iran", "IRN", "IRN", "country"), ("the envoy", "IRNGOV", "IRN", "agent"), ("Iraq", "IRQ", "IRQ", "country")]
    events = code("Iran sent the envoy. It later accused Iraq.", envoy)
    assert [(e.source.text, e.target.text) for e in events if e.trigger == "accused"] == [("Iran", "Iraq")]


def test_expletive_it_is_not_a_reference(code):
    actors = [("Iran", "IRN", "IRN", "country"), ("Iraq", "IRQ", "IRQ", "country")]
    assert not [e for e in code("Iran met Iraq. It is important to help farmers.", actors) if e.trigger == "help"]
    # "it is ready to ...": an intent adjective, so "it" is a real subject
    assert [e.source.text for e in code("Iran said it is ready to help Iraq.", actors) if e.target and e.target.text == "Iraq"] == ["Iran"]


# ---- fifth round: sense restrictions found on general news -------------------------------------------


def test_cooperation_and_aid_defaults_need_a_second_side(code):
    """A default 06x/07x code with no partner named is the verb's everyday sense ("helped create a program")."""
    officials = [("French officials", "FRAGOV", "FRA", "actor"), ("Mali", "MLI", "MLI", "country")]
    assert code("French officials helped create the program.", officials[:1]) == []
    assert ("FRAGOV", "MLI", "070") in triples(code("French officials helped Mali.", officials))


def test_movement_verbs_need_a_target(code):
    police = [("Greek police", "GRCCOP", "GRC", "actor"), ("Turkey", "TUR", "TUR", "country")]
    assert code("The men fled until Greek police arrived.", police[:1]) == []
    assert code("Greek police arrived in Turkey.", police) != []


def test_general_verbs_have_no_default_event(code):
    """break, learn, ensure, control, introduce ... : only their specific patterns code events."""
    police = [("Canadian police", "CANCOP", "CAN", "actor")]
    assert code("Canadian police break up any brawls.", police) == []
    assert code("Canadian police learned the truth.", police) == []
    assert code("The Canadian parliament introduced a bill.", [("The Canadian parliament", "CANLEG", "CAN", "actor")]) == []


def test_material_default_does_not_apply_to_information(code):
    iran = [("Iran", "IRN", "IRN", "country"), ("British", "GBR", "GBR", "demonym")]
    assert code("Iran released the latest trade data.", iran[:1]) == []
    assert code("The data released by Iran show a fall.", iran[:1]) == []
    assert ("IRN", "GBR", "084") in triples(code("Iran released the British sailors.", iran))


def test_come_under_attack_makes_the_subject_the_target(code):
    actors = [("The Turkish convoy", "TURMIL", "TUR", "actor"), ("Syrian rebels", "SYRREB", "SYR", "actor")]
    events = code("The Turkish convoy came under attack from Syrian rebels.", actors)
    assert triples(events) == {("SYRREB", "TURMIL", "190")}
    # no one named as the attacker: the subject is not made the actor of anything
    assert code("The Turkish convoy came under fire from inside the house.", actors[:1]) == []
    minister = [("The Iranian minister", "IRNGOV", "IRN", "actor"), ("Iranian lawmakers", "IRNLEG", "IRN", "actor")]
    assert triples(code("The Iranian minister came under criticism from Iranian lawmakers.", minister)) == {("IRNLEG", "IRNGOV", "111")}


def test_a_date_selects_no_pattern(code):
    """"On March 28 X called on Y" is an appeal, not a march (protest)."""
    actors = [("Poroshenko", "UKRGOV", "UKR", "actor"), ("the Verkhovna Rada", "UKRLEG", "UKR", "actor")]
    events = code("On March 28, Poroshenko called on the Verkhovna Rada to repeal the law.", actors)
    assert {e.cameo[:2] for e in events} == {"02"}


def test_calling_names_or_phones_someone(code):
    un = [("Guterres", "IGOUNO", None, "actor"), ("China", "CHN", "CHN", "country")]
    assert code("Guterres called China a pillar of the system.", un) == []  # naming
    people = [("Obama", "USAGOV", "USA", "actor"), ("Putin", "RUSGOV", "RUS", "actor")]
    assert ("USAGOV", "RUSGOV", "041") in triples(code("Obama called Putin on Tuesday.", people))
    # the parser reads this object as a predicate ('oprd'); with no object beside it, it is still the one called
    assert ("USAGOV", "RUSGOV", "041") in triples(code("Obama called Putin.", people))
    assert code("Obama called on Tuesday.", people[:1]) == []  # whom? no second side
    assert code("When it comes to trade, Obama is firm.", people[:1]) == []


def test_asking_a_question_is_no_appeal(code):
    actors = [("Russia", "RUS", "RUS", "country"), ("Turkey", "TUR", "TUR", "country")]
    assert code("Russia asked why Turkey stayed quiet.", actors) == []
    assert ("RUS", "TUR", "020") in triples(code("Russia asked Turkey to increase security.", actors))


def test_agreeing_with_a_view_is_no_agreement(code):
    actors = [("Israel", "ISR", "ISR", "country"), ("Egypt", "EGY", "EGY", "country")]
    assert code("Israel and Egypt agreed that the situation was difficult.", actors) == []
    assert code("Israel agrees.", actors[:1]) == []
    assert ("ISR", "EGY", "030") in triples(code("Israel and Egypt agreed that troops would leave Sinai.", actors))


def test_intent_default_needs_a_partner(code):
    """"the company offers trials", "the ministry offered these tips": an offer to no one named is no intent event."""
    firm = [("The Kazakh company", "KAZBUS", "KAZ", "actor"), ("Russia", "RUS", "RUS", "country")]
    assert code("The Kazakh company offers free trials.", firm[:1]) == []
    assert code("The Kazakh company offered Russia a deal.", firm) != []


def test_a_second_side_is_not_the_source_itself(code):
    actors = [("Venezuelans", "VEN", "VEN", "demonym"), ("the country", "VEN", "VEN", "reference")]
    assert code("More Venezuelans are arriving in the north of the country.", actors) == []


def test_general_verbs_do_not_borrow_function_word_patterns(code):
    """"battle with" is a fight; "struggling with homelessness" (struggle has no default event) is not."""
    mothers = [("Syrian mothers", "SYRCVL", "SYR", "actor")]
    assert code("Syrian mothers are struggling with homelessness.", mothers) == []
    assert code("Syrian mothers prevented the collapse.", mothers) == []


def test_press_conference_is_a_statement_and_mediation_is_consultation(code):
    mayor = [("The Canadian mayor", "CANGOV", "CAN", "actor")]
    assert {e.cameo for e in code("The Canadian mayor will hold a press conference.", mayor)} == {"010"}
    egypt = [("Egypt", "EGY", "EGY", "country"), ("Israel", "ISR", "ISR", "country"), ("Hamas", "PSEREB", "PSE", "actor")]
    assert {e.cameo for e in code("Egypt mediated talks between Israel and Hamas.", egypt) if e.trigger == "mediated"} == {"045"}


def test_wound_up_is_not_wounding(code):
    troops = [("Israeli troops", "ISRMIL", "ISR", "actor"), ("Syrian soldiers", "SYRMIL", "SYR", "actor")]
    assert code("Israeli troops wound up in a village.", troops[:1]) == []
    assert ("ISRMIL", "SYRMIL", "180") in triples(code("Israeli troops wounded two Syrian soldiers.", troops))


def test_a_default_warning_needs_someone_warned(code):
    office = [("The Canadian weather office", "CANGOV", "CAN", "actor"), ("Iran", "IRN", "IRN", "country"), ("Israel", "ISR", "ISR", "country")]
    assert code("The Canadian weather office warns of freezing drizzle.", office[:1]) == []
    assert ("IRN", "ISR", "130") in triples(code("Iran warned Israel of retaliation.", office[1:]))


def test_searching_for_suspects_is_an_investigation(code):
    police = [("Canadian police", "CANCOP", "CAN", "actor")]
    assert {e.cameo for e in code("Canadian police are searching for two suspects.", police)} == {"090"}
    assert code("Canadian police saw the man.", police) == []


def test_information_objects_only_block_releasing(code):
    """Releasing data is publishing it; destroying or seizing documents stays a material act."""
    rebels = [("Syrian rebels", "SYRREB", "SYR", "actor")]
    assert code("Syrian rebels destroyed the documents.", rebels) != []


def test_fronted_negative_with_inversion_negates(code):
    actors = [("Iran", "IRN", "IRN", "country"), ("Iraq", "IRQ", "IRQ", "country")]
    assert [e.negated for e in code("At no time did Iran provide weapons to Iraq.", actors)] == [True]
    assert [e.negated for e in code("In no way did Iran help Iraq.", actors)] == [True]
    # "in no time" (quickly) has no inversion; a trailing "with no conditions" is no negation
    assert [e.negated for e in code("In no time, Iran provided aid to Iraq.", actors)] == [False]
    assert [e.negated for e in code("Iran provided aid to Iraq with no conditions.", actors)] == [False]


def test_a_strike_without_an_object_by_unarmed_people_is_a_labour_strike(code):
    nurses = [("Nurses", "KENHLH", "KEN", "agent")]
    assert [(e.cameo, e.plover) for e in code("Nurses are striking over pay.", nurses)] == [("143", "PROTEST")]
    # an armed force striking, or any strike on a target, stays an attack
    rebels = [("Rebels", "CODREB", "COD", "agent")]
    assert [e.plover for e in code("Rebels struck at dawn.", rebels)] == ["ASSAULT"]
    army = [("The army", "KENMIL", "KEN", "agent"), ("the camp", "SOMREB", "SOM", "agent")]
    assert {e.plover for e in code("The army struck the camp.", army)} == {"ASSAULT"}


def test_battling_insurgents_is_fighting_them(code):
    actors = [("US forces", "USAMIL", "USA", "agent"), ("Iraqi insurgents", "IRQREB", "IRQ", "agent")]
    assert triples(code("US forces battled Iraqi insurgents.", actors)) == {("USAMIL", "IRQREB", "190")}


def test_a_pronoun_after_an_unknown_person_does_not_reach_back_to_an_earlier_actor(code):
    # "Andre Wilson" is a person no dictionary knows: "he" is him, not the minister named before
    actors = [("The minister", "KENGOV", "KEN", "agent"), ("Uganda", "UGA", "UGA", "country")]
    text = "The minister left early. Andre Wilson said he visited Uganda last year."
    assert not [e for e in code(text, actors) if e.trigger == "visited"]
    # with no other person in between, the fallback still finds the minister
    assert [e.source.text for e in code("The minister left early. Later he visited Uganda.", actors) if e.trigger == "visited"] == ["The minister"]
