"""Demo courses, programs and alignments at the partnership's two colleges.

Sinclair Valley Community College (the faculty demo account's college) offers a Mechatronics
Engineering Technology AAS over four terms; Clark Technical College a two-term Production
Technician certificate. Both answer to the Production Technician framework. Their courses are
aligned to its standards at mixed levels, with real gaps (shipping, training co-workers, little
mastery of process improvement). A few standards the colleges had aligned to are then revised
and republished by the panel, so those alignments turn stale; the faculty has already
re-confirmed one of them.

Everything goes through the services the app uses (create_course, create_program, add_course,
align, save_version, endorse, publish, confirm), so the audit log tells the same story.
Idempotent: once the demo programs exist, `load()` adds nothing.
"""

from __future__ import annotations

from sqlalchemy.orm import selectinload

from curriculum.alignment import services as alignment
from curriculum.courses import services
from curriculum.courses.models import Program
from curriculum.extensions import db
from curriculum.partnerships.models import Partnership
from curriculum.standards import services as standards
from curriculum.standards.models import Framework, Standard, StandardVersion

SINCLAIR = "Sinclair Valley Community College"
CLARK = "Clark Technical College"
FRAMEWORK = "Production Technician"
CATALOG_YEAR = "2026-2027"

CONVENER = "convener@example.com"  # Dana Whitfield; conveners may edit member colleges' courses
FACULTY = "faculty@example.com"  # Dr. Alicia Moore, Sinclair Valley Community College
PANEL = ("panelist@example.com", "panelist2@example.com", "panelist3@example.com")

# Who aligns each college's courses: Sinclair's own faculty; Clark has no demo account, so the
# convener entered its alignments from the college's syllabi.
ALIGNED_BY = {SINCLAIR: FACULTY, CLARK: CONVENER}

LEVELS = {"I": "introduced", "R": "reinforced", "M": "mastered"}

# college -> courses: (code, title, credits, contact hours, description, learning outcomes)
COURSES = {
    SINCLAIR: [
        (
            "MFG 110",
            "Manufacturing Safety and Processes",
            "4",
            90,
            "An introduction to the modern plant floor: shop safety, hazardous energy control, "
            "hazard communication and the basic machining processes.\n\n"
            "Students earn the **OSHA 10 General Industry** card and run the lathe and mill to "
            "simple work instructions.",
            [
                "Inspect a work area, machine guarding and PPE with a checklist",
                "Apply lockout/tagout to a single-source machine",
                "Read a safety data sheet and GHS label",
                "Run a lathe and a mill to a work instruction",
                "Keep a work area to a 5S standard",
            ],
        ),
        (
            "EET 111",
            "DC and AC Circuits",
            "4",
            90,
            "Voltage, current, resistance and power in DC and AC circuits, with the meter skills "
            "a technician needs to work safely on industrial equipment.\n\n"
            "*Lab fee applies.*",
            [
                "Apply Ohm's law and Kirchhoff's laws to series and parallel circuits",
                "Measure voltage, current and resistance safely with a digital multimeter",
                "Verify a de-energized circuit using the live-dead-live method",
                "Locate an open or short in a simple control circuit",
            ],
        ),
        (
            "MTH 105",
            "Technical Mathematics",
            "4",
            60,
            "Arithmetic, algebra, geometry, trigonometry and statistics applied to shop and "
            "engineering-technology problems. Fulfils the program's mathematics requirement.",
            [
                "Convert between fractions, decimals, U.S. customary and metric units",
                "Solve right triangles to find missing part dimensions",
                "Compute mean, range and standard deviation of measurement data",
                "Build and read a Pareto chart",
            ],
        ),
        (
            "MFG 120",
            "Precision Measurement and Quality",
            "4",
            90,
            "Measuring part features with hand-held precision instruments, inspecting to a "
            "control plan and keeping a process in statistical control.\n\n"
            "- Micrometers, calipers, height gauges, dial indicators, thread and plug gauges\n"
            "- Gauge calibration checks\n"
            "- X-bar and R charts kept at the machine",
            [
                "Select and use precision instruments to 0.001 inch",
                "Inspect incoming, in-process and finished parts to a control plan",
                "Identify and segregate nonconforming material",
                "Keep X-bar and R charts and recognize an out-of-control process",
                "Check a gauge against gauge blocks and record the result",
            ],
        ),
        (
            "FPT 130",
            "Hydraulics and Pneumatics",
            "4",
            90,
            "How fluid power systems transmit and control energy: pumps, compressors, valves, "
            "actuators and conditioning. Students build circuits on trainers from schematics "
            "and learn to release stored energy safely.",
            [
                "Read hydraulic and pneumatic schematics using ISO 1219 symbols",
                "Build and test basic fluid power circuits on a trainer",
                "Bleed stored hydraulic and pneumatic energy before service",
                "Recognize the symptoms of leaks, contamination and low pressure",
            ],
        ),
        (
            "MET 120",
            "Technical Drawing and CAD",
            "3",
            75,
            "Reading and creating engineering drawings: orthographic projection, sections, "
            "dimensioning and tolerancing, title and revision blocks, and an introduction to "
            "GD&T, using a parametric CAD package.",
            [
                "Interpret orthographic views, sections and drawing notes",
                "Create dimensioned part drawings in CAD",
                "Apply limits, fits and basic GD&T symbols",
            ],
        ),
        (
            "EET 150",
            "Programmable Logic Controllers",
            "4",
            90,
            "PLC hardware, ladder logic, sensors and operator interfaces. Students program and "
            "troubleshoot conveyor and sorting trainers and respond to HMI alarms.",
            [
                "Wire discrete sensors and actuators to PLC inputs and outputs",
                "Write and test ladder logic for a sequencing task",
                "Use HMI alarms and I/O status to locate a fault",
                "Describe what sensors, PLCs and robots do in an automated work cell",
            ],
        ),
        (
            "IND 210",
            "Industrial Maintenance and Troubleshooting",
            "4.5",
            105,
            "Preventive and predictive maintenance, machine-specific energy control and "
            "systematic troubleshooting of electrical, fluid power and mechanical systems on "
            "the college's mechatronics trainers.",
            [
                "Write and perform a machine-specific lockout procedure",
                "Carry out a preventive maintenance route and record it in a CMMS",
                "Use vibration and thermal readings to spot developing problems",
                "Troubleshoot a multi-system fault and decide when to escalate",
            ],
        ),
        (
            "ROB 220",
            "Industrial Robotics",
            "3.5",
            75,
            "Six-axis robot safety, teach-pendant programming, end-of-arm tooling and work-cell "
            "integration. Elective.",
            [
                "Verify robot cell guarding, light curtains and interlocks",
                "Program pick-and-place routines with a teach pendant",
                "Run a robotic work cell to a work instruction",
            ],
        ),
        (
            "MFG 215",
            "Lean Manufacturing and Problem Solving",
            "3",
            60,
            "The seven wastes, standard work, quick changeover and structured problem solving "
            "(PDCA, 8D). Student teams work a real scrap or downtime problem brought by a "
            "partner employer. Elective.",
            [
                "Recognize the seven wastes on a plant tour",
                "State a problem in measurable terms and find its root cause",
                "Lead an 8D investigation through containment and verification",
                "Support an improvement suggestion with data",
            ],
        ),
        (
            "IND 250",
            "Mechatronics Capstone",
            "5",
            150,
            "Teams set up, run and maintain the college's mechatronics production line for "
            "timed production runs, then present their results to an employer panel.\n\n"
            "Assessed with the **capstone rubric** shared with the partnership's employers.",
            [
                "Set up a production line from a setup sheet and pass first-piece inspection",
                "Run and monitor a production run, responding to alarms and quality problems",
                "Keep production, scrap and downtime records",
                "Report results to an employer panel, in writing and in person",
                "Work as a member of a production team",
                "Perform pre-run safety inspections",
            ],
        ),
    ],
    CLARK: [
        (
            "IND 101",
            "Industrial Safety and OSHA 10",
            "3",
            60,
            "Plant safety for new technicians, with the **OSHA 10 General Industry** card: "
            "hazard recognition, lockout/tagout, hazard communication and emergency action.",
            [
                "Recognize and report unsafe conditions and near misses",
                "Apply and release lockout/tagout on a training conveyor",
                "Handle and label chemicals as the Hazard Communication Standard requires",
                "Follow an emergency action plan",
            ],
        ),
        (
            "MFG 101",
            "Manufacturing Processes and Print Reading",
            "6",
            135,
            "Blueprint reading and the basic processes of a machining and assembly plant. "
            "Students plan, set up and run a bracket job on manual machines.",
            [
                "Interpret title blocks, views, dimensions and notes on a print",
                "Stage tooling and material for a job from a setup sheet",
                "Operate a manual mill and lathe to a work instruction",
                "Keep the shop area to a 5S standard",
            ],
        ),
        (
            "MFG 105",
            "Quality and Precision Measurement",
            "6",
            135,
            "Shop math, precision measurement, inspection and the basics of statistical "
            "process control for production technicians.",
            [
                "Convert between fractions, decimals and metric units",
                "Measure to 0.001 inch with micrometers and calipers",
                "Tag and segregate nonconforming material",
                "Check gauge calibration labels and report gauges out of calibration",
                "Plot an X-bar chart and flag out-of-control points",
            ],
        ),
        (
            "IND 120",
            "Equipment Maintenance Fundamentals",
            "6",
            135,
            "Operator-level maintenance of production equipment: lubrication, fluid and filter "
            "checks, monitoring gauges, and spotting electrical, pneumatic and hydraulic "
            "problems to report to maintenance.",
            [
                "Complete a preventive maintenance checklist",
                "Read a lubrication chart and lubricate a machine",
                "Check pressure, temperature and flow against normal ranges",
                "Describe a symptom well enough for maintenance to act on it",
            ],
        ),
        (
            "MFG 130",
            "Production Operations and Lean",
            "6",
            135,
            "A simulated production line in the college's learning factory: setups against a "
            "standard time, production runs, hand-offs between stations, packaging and "
            "shipping, standard work and quick changeover.",
            [
                "Set up a station within the standard time and pass first-piece inspection",
                "Record production counts, scrap and downtime",
                "Hand off work between stations and shifts",
                "Package and label product with lot traceability",
                "Follow standard work and quick changeover steps",
            ],
        ),
        (
            "MFG 140",
            "Production Technician Practicum",
            "3",
            120,
            "120 hours on the floor of a partner employer, supervised by a lead technician and "
            "evaluated with the partnership's practicum checklist.",
            [
                "Work full shifts to the employer's safety and quality rules",
                "Run production equipment under supervision",
                "Work as a member of a production team",
            ],
        ),
    ],
}

# college -> (name, award type, description, [(course code, term, required)])
PROGRAMS = {
    SINCLAIR: (
        "Mechatronics Engineering Technology",
        "Associate of Applied Science",
        "Four terms preparing mechatronics and maintenance technicians for automated "
        "production. The Production Technician skill standards are its floor: the first year "
        "covers safety, quality and operations; the second, maintenance, automation and a "
        "capstone run on the college's mechatronics line.\n\n"
        "Students choose one elective (ROB 220 or MFG 215) and add 20 credits of general "
        "education (English composition, oral communication, social science, humanities) from "
        "the college's approved list, for about 60 credits in all.",
        [
            ("MFG 110", 1, True),
            ("EET 111", 1, True),
            ("MTH 105", 1, True),
            ("MFG 120", 2, True),
            ("FPT 130", 2, True),
            ("MET 120", 2, True),
            ("EET 150", 3, True),
            ("IND 210", 3, True),
            ("ROB 220", 3, False),
            ("MFG 215", 4, False),
            ("IND 250", 4, True),
        ],
    ),
    CLARK: (
        "Production Technician",
        "Certificate",
        "A two-term, 30-credit certificate for new and incumbent production technicians, "
        "built on the partnership's Production Technician skill standards and ending with a "
        "practicum at a partner employer. Credits transfer into Sinclair Valley's "
        "Mechatronics Engineering Technology AAS.",
        [
            ("IND 101", 1, True),
            ("MFG 101", 1, True),
            ("MFG 105", 1, True),
            ("IND 120", 2, True),
            ("MFG 130", 2, True),
            ("MFG 140", 2, True),
        ],
    ),
}

# college -> course code -> [(standard codes, level, how it is taught or assessed)]
ALIGNMENTS = {
    SINCLAIR: {
        "MFG 110": [
            ("A.1 A.1.3", "I", "Lab 1: safety walk-through; guard and e-stop check on the mill"),
            ("A.1.K1", "I", "OSHA 10 General Industry card"),
            ("A.2 A.2.1", "I", "Hazard hunt in the college shop, written report"),
            ("A.3 A.3.1 A.3.2", "I", "Lab 4: lockout/tagout practical"),
            ("A.3.K1", "I", "Quiz 2: types of hazardous energy"),
            ("A.4", "I", "Week 1 orientation: exits, eyewash stations and evacuation drill"),
            ("A.5 A.5.K1", "I", "Lab 3: coolant and chip handling; Quiz 3: GHS labels and SDS"),
            ("C.1", "I", "Simple shop prints in Labs 5-8"),
            ("C.3 C.3.1", "I", "Labs 5-8: run the lathe and mill to a work instruction"),
        ],
        "EET 111": [
            ("D.3.K1", "I", "Labs 1-6 and Exam 1: Ohm's law"),
            ("A.3.S1", "I", "Lab 7: live-dead-live meter check"),
            ("D.3 D.3.3", "I", "Lab 10: find the open fuse in a motor control panel"),
        ],
        "MTH 105": [
            ("B.2.K1", "I", "Unit 2 exam: fractions, decimals and metric conversions"),
            ("C.1.K2", "I", "Unit 5 exam: right-triangle trigonometry on part drawings"),
            ("B.4.K1", "I", "Unit 7 quiz: mean, range and standard deviation"),
            ("E.2.S1", "I", "Homework 9: Pareto chart from a scrap data set"),
        ],
        "MFG 120": [
            ("B.1 B.1.2", "R", "Inspection lab: in-process checks to a control plan"),
            ("B.1.3", "R", "Hold tag and segregation practical"),
            ("B.2", "R", "Measurement labs 1-6"),
            ("B.2.3 B.2.S1", "M", "Measurement practical exam, to 0.001 in."),
            ("B.2.K2", "I", "GD&T symbols unit and quiz"),
            ("B.3", "I", "Calibration lab: check gauges against gauge blocks"),
            ("B.4 B.4.2", "R", "SPC project: X-bar and R charts on a lathe process"),
            ("B.4.K1", "R", "Final exam, part B: control chart interpretation"),
        ],
        "FPT 130": [
            ("D.3.K2", "R", "Labs 1-8 on the hydraulic and pneumatic trainers"),
            ("D.1.K1", "I", "Fluid contamination lecture and oil sample lab"),
            ("D.2 D.2.1", "I", "Lab 9: read pressure and flow gauges on the trainer"),
            ("D.2.2", "I", "Leak-detection lab"),
            ("A.3.K1", "R", "Lab 10: bleed down stored hydraulic and pneumatic energy"),
        ],
        "MET 120": [
            ("C.1 C.1.2", "R", "Print reading assignments 1-8"),
            ("C.1.1", "I", "Title and revision block exercise"),
            ("C.1.K1", "M", "Orthographic projection drawing set in CAD"),
            ("C.1.K2", "R", "Missing-dimension problems in CAD assignments"),
            ("B.2.K2", "R", "Project 3: GD&T callouts on a CAD drawing"),
        ],
        "EET 150": [
            ("D.3.K3", "I", "PLC trainer labs; sensor and HMI units"),
            ("D.3 D.3.1", "R", "Fault-finding labs; a fault report for each"),
            ("D.3.3", "R", "Lab 8: sensor and I/O checks before escalating"),
            ("D.2.3", "R", "HMI alarm lab: record fault codes and respond"),
        ],
        "IND 210": [
            ("A.3 A.3.2 A.3.S1", "M", "Practical exam: machine-specific lockout on the lab press"),
            ("A.3.3", "R", "Written lockout and release procedure for the lab press"),
            ("D.1", "R", "PM route on the lab equipment, recorded in the CMMS"),
            ("D.1.1 D.1.4", "M", "PM practical, signed off by the instructor"),
            ("D.2 D.2.2", "R", "Vibration and thermal imaging rounds, graded log"),
            ("D.3 D.3.2", "M", "Troubleshooting practical exam on the mechatronics trainer"),
            ("D.3.K2", "M", "Final exam, part A: hydraulic and pneumatic circuits"),
            ("D.4", "R", "5S audit of the maintenance lab"),
        ],
        "ROB 220": [
            ("A.1.3", "R", "Lab 2: robot cell guarding and light curtain checks"),
            ("D.3.K3", "R", "Robot programming labs 3-7"),
            ("C.3", "R", "Labs 8-9: run the robotic work cell to a work instruction"),
        ],
        "MFG 215": [
            ("E.1 E.1.2", "R", "Project 1: improvement suggestion backed by scrap data"),
            ("E.2", "R", "8D report on a partner employer's scrap problem"),
            ("E.2.2", "M", "8D report, section D4: fishbone and 5 Whys"),
            ("E.2.K1", "M", "Final exam: PDCA and the 8D steps"),
            ("E.3", "I", "Waste walk at a partner plant"),
        ],
        "IND 250": [
            ("A.1 A.1.1", "M", "Capstone rubric: pre-run safety inspection"),
            ("C.2 C.2.3", "M", "Capstone: set up the line and pass first-piece inspection"),
            ("C.3 C.3.3", "M", "Capstone production run, with production log"),
            ("C.4", "I", "Team capstone: hand-offs between stations"),
            ("D.2.3", "M", "Capstone: respond to HMI alarms during the run"),
            ("B.5 B.5.2", "M", "Capstone: stop the line and apply the reaction plan"),
            ("F.1", "M", "Capstone report and presentation to the employer panel"),
            ("F.2", "R", "Team peer evaluation"),
        ],
    },
    CLARK: {
        "IND 101": [
            ("A.1 A.1.K1", "I", "OSHA 10 General Industry card"),
            ("A.2.3", "I", "Near-miss report written from a video case"),
            ("A.3 A.3.2", "I", "Lockout/tagout practical on the training conveyor"),
            ("A.3.K2", "I", "Quiz 2: 29 CFR 1910.147"),
            ("A.4", "I", "Emergency action plan drill and written test"),
            ("A.5.4", "M", "HazCom practical: label secondary containers"),
        ],
        "MFG 101": [
            ("C.1 C.1.2", "R", "Print reading workbook and final exam"),
            ("C.2 C.2.1", "I", "Bracket project: stage tooling from the setup sheet"),
            ("C.3 C.3.1", "I", "Bracket project: run the mill and lathe"),
            ("D.4", "I", "Daily 5S, weekly audit score"),
        ],
        "MFG 105": [
            ("B.2.K1", "R", "Shop math quiz: conversions"),
            ("B.2 B.2.S1", "R", "Measurement practical exam"),
            ("B.1.3", "R", "Hold tag practical"),
            ("B.3 B.3.2", "I", "Calibration label check exercise"),
            ("B.4.2", "I", "X-bar chart exercise"),
        ],
        "IND 120": [
            ("D.1 D.1.1 D.1.S1", "R", "PM checklist and lubrication practical"),
            ("D.2.1", "R", "Gauge rounds on the lab hydraulic press"),
            ("D.3 D.3.1", "I", "Symptom reports from the fault trainer"),
        ],
        "MFG 130": [
            ("C.2.4", "R", "Timed setup against the standard time"),
            ("C.3 C.3.3", "R", "Learning-factory production runs, with production log"),
            ("C.4 C.4.3", "R", "Learning factory: hand-offs between stations and shifts"),
            ("C.5 C.5.3", "I", "Packaging station: lot traceability exercise"),
            ("E.3", "I", "Standard work sheets for the learning-factory stations"),
        ],
        "MFG 140": [
            ("C.3", "M", "Practicum checklist: supervisor's evaluation of a full shift"),
            ("F.2 F.2.K1", "M", "Practicum checklist: teamwork and attendance"),
            ("F.1.1", "R", "Practicum daily log"),
        ],
    },
}

# Standards the panel revised after the colleges had aligned to them: (code, author, new title,
# change note). Their alignments pinned to the old version turn stale.
REVISIONS = [
    (
        "A.3.2",
        PANEL[2],
        "A zero energy state is verified with a meter, gauges and an attempted start before any "
        "service, jam clearing or tool change begins.",
        "Say how zero energy is verified (as A.3.S1 does), and include tool changes",
    ),
    (
        "B.4.2",
        PANEL[0],
        "Control charts are kept up to date, and out-of-control points and trends are flagged "
        "and acted on as the reaction plan requires.",
        "Flagging a point is not enough: tie it to the reaction plan",
    ),
    (
        "D.2.3",
        PANEL[1],
        "Alarms and fault codes on the operator panel or HMI are recorded, looked up in the "
        "fault guide and acted on as the procedure requires.",
        "Most cells show faults on an HMI; technicians should use the fault guide first",
    ),
]

# (college, course code, standard code): a stale alignment the faculty has already re-confirmed.
CONFIRMED = [(SINCLAIR, "MFG 120", "B.4.2")]


def _revise(standard: Standard, author, title: str, note: str, users: dict) -> None:
    """Save a new version of a published standard and publish it as the panel would."""
    current = db.session.get(StandardVersion, standard.current_version_id)
    content = {**current.content(), "title": title}
    version, _ = standards.save_version(
        standard,
        current.number,
        content["title"],
        content["statement"],
        content["level"],
        note,
        author,
    )
    standards.move_to_review(standard, version)
    for email in PANEL:
        standards.endorse(standard, version, users[email], "Reviewed at the panel meeting.")
    standards.publish(standard, version, users[CONVENER])


def load(partnership: Partnership, users_by_email: dict) -> list[Program]:
    """Create the demo courses, programs and alignments, unless the programs already exist."""
    colleges = {o.name: o for o in partnership.organizations if o.name in COURSES}
    existing = list(
        db.session.scalars(
            db.select(Program).where(
                Program.organization_id.in_([o.id for o in colleges.values()]),
                Program.catalog_year == CATALOG_YEAR,
                Program.name.in_([p[0] for p in PROGRAMS.values()]),
            )
        )
    )
    framework = db.session.scalar(
        db.select(Framework).where(
            Framework.partnership_id == partnership.id, Framework.title == FRAMEWORK
        )
    )
    if existing or framework is None:
        return existing
    by_code = {
        s.code: s
        for s in db.session.scalars(
            db.select(Standard)
            .options(
                selectinload(Standard.current_version), selectinload(Standard.published_version)
            )
            .where(Standard.framework_id == framework.id)
        )
    }
    users = users_by_email
    programs, courses = [], {}
    for college_name, rows in COURSES.items():
        college = colleges[college_name]
        for code, title, credits, hours, description, outcomes in rows:
            courses[college_name, code] = services.create_course(
                college,
                {
                    "code": code,
                    "title": title,
                    "credits": credits,
                    "contact_hours": hours,
                    "description": description,
                    "learning_outcomes": outcomes,
                },
            )
        name, award, description, entries = PROGRAMS[college_name]
        program = services.create_program(
            college,
            {
                "name": name,
                "award_type": award,
                "catalog_year": CATALOG_YEAR,
                "description": description,
                "partnership_id": partnership.id,
                "framework_ids": [framework.id],
            },
        )
        for code, term, required in entries:
            services.add_course(program, courses[college_name, code], term, required)
        programs.append(program)
    made = {}
    for college_name, by_course in ALIGNMENTS.items():
        user = users[ALIGNED_BY[college_name]]
        for course_code, rows in by_course.items():
            course = courses[college_name, course_code]
            for codes, level, note in rows:
                for code in codes.split():
                    standard = by_code.get(code)
                    if standard is None or standard.retired_at is not None:
                        continue  # the framework was changed since its demo was loaded
                    made[college_name, course_code, code], _ = alignment.align(
                        course, standard, LEVELS[level], note, user
                    )
    for code, author, title, note in REVISIONS:
        standard = by_code.get(code)
        # Only a standard whose newest version is the published one (no edit in progress).
        if standard is not None and standard.current_version_id == standard.published_version_id:
            _revise(standard, users[author], title, note, users)
    for key in CONFIRMED:
        if key in made and made[key].is_stale:
            alignment.confirm(made[key], users[ALIGNED_BY[key[0]]])
    return programs


__all__ = ["ALIGNMENTS", "COURSES", "PROGRAMS", "REVISIONS", "load"]
