"""A program whose standards show every progression problem, for the progression tests."""

from __future__ import annotations

from types import SimpleNamespace

from curriculum.alignment import services as alignment
from curriculum.courses import services as courses
from curriculum.courses.models import ElectiveGroup

# Indicator title -> (course key, level) alignments. Required courses: t1 (term 1), t2, t3;
# electives: e1, e2 (an either/or group, term 3), free (a free elective, term 2).
PLAN = {
    "Well sequenced": [("t1", "introduced"), ("t2", "reinforced"), ("t3", "mastered")],
    "Never aligned": [],
    "Mastered by an option": [("t1", "introduced"), ("e1", "mastered")],
    "Mastered early": [("t3", "introduced"), ("t2", "mastered")],
    "Reinforced from nowhere": [("t2", "reinforced"), ("t3", "mastered")],
    "Mastered at once": [("t1", "mastered")],
    "Reinforced early": [("t1", "reinforced"), ("t2", "introduced"), ("t3", "mastered")],
    "Mastered before reinforced": [("t1", "introduced"), ("t2", "mastered"), ("t3", "reinforced")],
    "Left reinforced": [("t1", "introduced"), ("t2", "reinforced")],
    "Only a free elective": [("free", "introduced")],
}


def build_path(world, db) -> SimpleNamespace:
    """A framework A (CWF) > A.1 > one indicator per PLAN entry, B > B.1 > a knowledge item,
    and a program of three required courses and three electives, aligned as PLAN says."""
    w = world
    f = w.factory
    convener = f.member(w.partnership, "convener")
    cwf = f.standard(w.framework, None, "critical_work_function", "Machining", author=convener)
    ka = f.standard(w.framework, cwf, "key_activity", "Set up the machine", author=convener)
    indicators = {
        title: f.standard(w.framework, ka, "performance_indicator", title, author=convener)
        for title in PLAN
    }
    cwf_b = f.standard(w.framework, None, "critical_work_function", "Quality", author=convener)
    ka_b = f.standard(w.framework, cwf_b, "key_activity", "Measure parts", author=convener)
    item = f.standard(w.framework, ka_b, "knowledge", "Tolerances", author=convener)
    made = {
        "t1": f.course(w.college, "MFG 101", "Basics"),
        "t2": f.course(w.college, "MFG 201", "Practice"),
        "t3": f.course(w.college, "MFG 301", "Capstone", learning_outcomes=["Hold tolerances"]),
        "e1": f.course(w.college, "ROB 220", "Robots"),
        "e2": f.course(w.college, "MFG 215", "Fixtures"),
        "free": f.course(w.college, "WLD 100", "Welding"),
    }
    program = f.program(
        w.college,
        w.partnership,
        [w.framework],
        name="Machinist",
        courses_by_term=[(made["t1"], 1), (made["t2"], 2), (made["t3"], 3)],
    )
    group = ElectiveGroup(program_id=program.id, name="Automation", choose=1)
    db.session.add(group)
    db.session.flush()
    for key, term in (("e1", 3), ("e2", 3), ("free", 2)):
        entry = courses.add_course(program, made[key], term, required=False)
        if key != "free":
            entry.group_id = group.id
    for title, steps in PLAN.items():
        for key, level in steps:
            alignment.align(made[key], indicators[title], level, "", convener)
    # The union rule: MFG 301 introduces Tolerances course-level and masters it through an
    # outcome, so its level to it is mastered.
    alignment.align(made["t1"], item, "introduced", "", convener)
    alignment.align(made["t3"], item, "introduced", "", convener)
    outcome = made["t3"].outcomes[0]
    alignment.align(made["t3"], item, "mastered", "", convener, outcome=outcome)
    db.session.commit()
    return SimpleNamespace(
        program=program,
        framework=w.framework,
        cwf=cwf,
        cwf_b=cwf_b,
        ka=ka,
        item=item,
        indicators=indicators,
        made=made,
        convener=convener,
    )
