"""Demo framework: the partnership's Production Technician skill standards and their history.

The content is data (FRAMEWORK, TREE, HISTORY); `load()` builds it with the same services the
app uses (tree.add_standard, services.save_version, endorse, publish, comments), so the demo
shows real versions, endorsements, audit events and discussions. Idempotent: once the framework
exists, `load()` adds nothing.
"""

from __future__ import annotations

from curriculum.extensions import db
from curriculum.partnerships.models import Partnership
from curriculum.standards import services, tree
from curriculum.standards.models import Framework, Standard, StandardVersion, VersionStatus

CONVENER = "convener@example.com"
P1 = "panelist@example.com"  # Marcus Reyes, Kestrel Precision Machining
P2 = "panelist2@example.com"  # Priya Natarajan, Miami Valley Automation
P3 = "panelist3@example.com"  # Tom Kowalski, Buckeye Fluid Power
FACULTY = "faculty@example.com"  # Dr. Alicia Moore, Sinclair Valley Community College
PANEL = (P1, P2, P3)

ACADEMIC, EMPLOYABILITY, TECHNICAL = "academic", "employability", "occupational_technical"

FRAMEWORK = {
    "title": "Production Technician",
    "coding_prefix": "PT",
    "occupation_codes": ["51-9199.00", "51-4041.00", "49-9041.00", "17-3024.00"],
    "description": (
        "Cross-firm skill standards for entry-level and incumbent production technicians in the "
        "Miami Valley's machining, molding, fluid-power and automation plants.\n\n"
        "Written by the partnership's employer panel with Sinclair Valley Community College and "
        "IAM District Lodge 54, in the format of US industry skill standards: **critical work "
        "functions**, the **key activities** that carry them out, **performance indicators** "
        "that say how well an activity must be done, and the **knowledge and skills** it rests "
        "on (academic, employability, occupational/technical).\n\n"
        "A version is published once three employer or labor organizations have endorsed it."
    ),
}

# Version 1 of every standard. Critical work functions hold key activities; a key activity
# holds performance indicators ("indicators") and knowledge / skill items as (category, title).
# Codes follow from the order: A, A.1, A.1.1, A.1.K1, A.1.S1.
TREE = [
    {
        "title": "Maintain a safe and healthy work environment",
        "statement": (
            "Production technicians protect themselves, their co-workers and the environment by "
            "following, checking and improving the plant's safety and environmental practices."
        ),
        "activities": [
            {
                "title": "Perform safety inspections",
                "statement": (
                    "Inspect the work area, machine guarding and personal protective equipment "
                    "at the start of each shift."
                ),
                "indicators": [
                    "Safety inspections are performed on schedule.",
                    "Unsafe conditions found during inspections are reported promptly to the "
                    "supervisor and recorded in the safety log.",
                    "Machine guards, interlocks and emergency stops are verified to be in place "
                    "and working before equipment is started.",
                    "Personal protective equipment is inspected for damage and replaced when it "
                    "no longer meets requirements.",
                ],
                "knowledge": [
                    (
                        TECHNICAL,
                        "OSHA general industry requirements for walking-working surfaces, "
                        "personal protective equipment and machine guarding (29 CFR 1910 "
                        "Subparts D, I and O)",
                    ),
                    (
                        ACADEMIC,
                        "Reading comprehension of technical procedures, safety data sheets and "
                        "inspection checklists",
                    ),
                ],
                "skills": [
                    (
                        TECHNICAL,
                        "Use an inspection checklist to examine guarding, interlocks and "
                        "emergency stops",
                    ),
                    (
                        EMPLOYABILITY,
                        "Report hazards clearly and without delay, in writing and in person",
                    ),
                ],
            },
            {
                "title": "Identify unsafe conditions and take corrective action",
                "statement": (
                    "Recognize hazards in the technician's own work area and along material "
                    "flow paths, and correct or report them within the limits of their authority."
                ),
                "indicators": [
                    "Hazards are identified and isolated before they cause injury or damage.",
                    "Corrective actions are taken within the limits of the technician's "
                    "authority and documented.",
                    "Near misses are reported through the plant's reporting system during the "
                    "shift in which they occur.",
                ],
            },
            {
                "title": "Apply lockout/tagout and other hazardous energy control procedures",
                "statement": (
                    "Control hazardous energy before servicing equipment, clearing jams or "
                    "changing tooling, following the machine-specific energy control procedure."
                ),
                "indicators": [
                    "All energy sources are identified and isolated according to the "
                    "machine-specific lockout procedure.",
                    "A zero energy state is verified before any service or jam clearing begins.",
                    "Locks and tags are removed only by the person who applied them, following "
                    "the release procedure.",
                ],
                "knowledge": [
                    (
                        TECHNICAL,
                        "Types of hazardous energy: electrical, hydraulic, pneumatic, "
                        "mechanical, thermal, gravitational and stored energy",
                    ),
                    (TECHNICAL, "OSHA 29 CFR 1910.147, The control of hazardous energy"),
                ],
                "skills": [
                    (
                        TECHNICAL,
                        "Verify a zero energy state with a meter, gauges and an attempted "
                        "machine start",
                    ),
                ],
            },
            {
                "title": "Respond to emergencies and take part in emergency drills",
                "statement": "Act on the plant's emergency action plan in drills and real events.",
                "indicators": [
                    "Emergency exits, eyewash stations, fire extinguishers and assembly points "
                    "are located without hesitation.",
                    "Emergency drills are carried out according to the plant emergency action "
                    "plan.",
                    "Injuries and spills are reported immediately, and first response follows "
                    "plant procedure.",
                ],
            },
            {
                "title": "Handle, store and dispose of materials safely",
                "statement": (
                    "Handle chemicals, coolants, oils, scrap and waste so that people and the "
                    "environment are protected and permit requirements are met."
                ),
                "indicators": [
                    "Hazardous materials are handled and stored as their safety data sheets "
                    "require.",
                    "Waste, scrap and chips are separated and placed in the designated containers.",
                    "Spills are contained and reported following the spill response procedure.",
                    "Chemical containers are labeled according to the Hazard Communication "
                    "Standard.",
                ],
                "knowledge": [
                    (
                        TECHNICAL,
                        "Globally Harmonized System (GHS) labels and the sixteen sections of a "
                        "safety data sheet",
                    ),
                ],
            },
        ],
    },
    {
        "title": "Check and ensure product quality",
        "statement": (
            "Technicians build quality into every part: they measure, inspect, record and act on "
            "what they find, and take part in the plant's quality management system."
        ),
        "activities": [
            {
                "title": "Inspect materials and products to ensure they meet specifications",
                "statement": (
                    "Inspect incoming material, work in process and finished product at the "
                    "points set by the control plan."
                ),
                "indicators": [
                    "Incoming materials are checked against the purchase order, material "
                    "certification and drawing before use.",
                    "In-process and final inspections are performed at the frequency stated in "
                    "the control plan.",
                    "Nonconforming material is identified, tagged and segregated so it cannot "
                    "be used by mistake.",
                    "Inspection results are recorded accurately, legibly and at the time of "
                    "inspection.",
                ],
            },
            {
                "title": "Use precision measuring instruments",
                "statement": "Measure part features with hand-held precision instruments.",
                "indicators": [
                    "The measuring instrument is selected for the feature and tolerance being "
                    "checked.",
                    "Measurements are repeatable within the stated accuracy of the instrument.",
                    "Readings are recorded in the units and decimal places the drawing specifies.",
                ],
                "knowledge": [
                    (
                        ACADEMIC,
                        "Fractions, decimals and conversions between U.S. customary and metric "
                        "units",
                    ),
                    (
                        TECHNICAL,
                        "Tolerances, limits and basic geometric dimensioning and tolerancing "
                        "(GD&T) symbols",
                    ),
                ],
                "skills": [
                    (TECHNICAL, "Read a micrometer, dial caliper and height gauge to 0.001 inch"),
                ],
            },
            {
                "title": "Check the calibration of gauges and measuring equipment",
                "statement": (
                    "Make sure every gauge used to accept product is calibrated and working."
                ),
                "indicators": [
                    "Gauges are checked for a current calibration label before use.",
                    "Gauges found out of calibration are removed from service and reported to "
                    "the quality department.",
                    "Gauge checks against masters or gauge blocks are performed and recorded as "
                    "scheduled.",
                ],
            },
            {
                "title": "Document the results of quality checks and record process trends",
                "statement": (
                    "Keep the quality records the customer and the quality system require, and "
                    "use them to see a process drifting before it makes bad parts."
                ),
                "indicators": [
                    "Quality data are entered on check sheets or in the data collection system "
                    "without omissions.",
                    "Control charts are kept up to date and out-of-control points are flagged.",
                    "Trends toward a specification limit are reported before nonconforming parts "
                    "are made.",
                ],
                "knowledge": [
                    (
                        ACADEMIC,
                        "Mean, range and standard deviation; reading X-bar and R control charts",
                    ),
                ],
            },
            {
                "title": "Take corrective action to restore or maintain quality",
                "statement": (
                    "Follow the reaction plan when a process produces, or is about to produce, "
                    "nonconforming product."
                ),
                "indicators": [
                    "Quality problems are communicated to the supervisor and the next shift as "
                    "soon as they are found.",
                    "The process is stopped when it produces nonconforming product, as the "
                    "reaction plan requires.",
                    "Corrective actions are verified by measuring the parts made after the change.",
                ],
            },
        ],
    },
    {
        "title": "Operate production processes",
        "statement": (
            "Technicians set up, run and monitor production equipment to make product that meets "
            "customer requirements on time and at the planned cost."
        ),
        "activities": [
            {
                "title": "Read and interpret work instructions, drawings and specifications",
                "statement": (
                    "Use engineering drawings, work instructions, setup sheets and customer "
                    "specifications to plan and perform the job."
                ),
                "indicators": [
                    "The current revision of the drawing and work instruction is confirmed "
                    "before the job starts.",
                    "Dimensions, tolerances and notes on the drawing are interpreted correctly.",
                    "Unclear instructions are resolved with the lead or engineer before "
                    "production begins.",
                ],
                "knowledge": [
                    (
                        TECHNICAL,
                        "Orthographic projection, title blocks, revision blocks and standard "
                        "drawing notes",
                    ),
                    (
                        ACADEMIC,
                        "Geometry and right-triangle trigonometry to find missing dimensions",
                    ),
                ],
            },
            {
                "title": "Set up equipment for the production run",
                "statement": (
                    "Prepare the machine, tooling, fixtures and material for a job and prove "
                    "the setup with a first-piece inspection."
                ),
                "indicators": [
                    "Tooling, fixtures and materials are staged and verified against the setup "
                    "sheet.",
                    "Machine parameters are set to the values on the setup sheet or process card.",
                    "First-piece inspection is passed and signed off before the run begins.",
                    "Setup is completed within the standard time for the job.",
                ],
                "skills": [
                    (TECHNICAL, "Load and verify a CNC program, tool offsets and work offsets"),
                ],
            },
            {
                "title": "Operate and monitor the production process",
                "statement": (
                    "Run production equipment as the work instruction describes and keep watch "
                    "on the process while it runs."
                ),
                "indicators": [
                    "Equipment is operated according to the work instruction and at the rated "
                    "speed.",
                    "Process gauges and indicators are monitored and abnormal readings are "
                    "acted on.",
                    "Production counts, scrap and downtime are recorded accurately each shift.",
                ],
            },
            {
                "title": "Coordinate work flow with team members and other work groups",
                "statement": (
                    "Keep material and information moving between operations, shifts and "
                    "support departments."
                ),
                "indicators": [
                    "Material moves to the next operation on time and with complete paperwork.",
                    "Shortages and bottlenecks are communicated to the lead before they stop "
                    "production.",
                    "Shift handoffs cover job status, quality concerns and equipment issues.",
                ],
            },
            {
                "title": "Prepare finished product for shipment",
                "statement": (
                    "Package, label and document finished product to the customer's requirements."
                ),
                "indicators": [
                    "Parts are packaged to the customer's packaging specification to prevent "
                    "damage in transit.",
                    "Labels, packing lists and certifications match the order and the parts in "
                    "the container.",
                    "Lot traceability is kept from raw material to shipping container.",
                ],
            },
        ],
    },
    {
        "title": "Support equipment maintenance",
        "statement": (
            "Technicians keep their equipment in good running order and recognize when a "
            "problem needs a maintenance technician."
        ),
        "activities": [
            {
                "title": "Perform routine preventive maintenance",
                "statement": (
                    "Carry out the operator-level preventive maintenance tasks posted at the "
                    "machine."
                ),
                "indicators": [
                    "Lubrication, filter and fluid-level checks are completed on the schedule "
                    "posted at the machine.",
                    "Completed preventive maintenance tasks are recorded on the checklist or in "
                    "the maintenance system.",
                    "Worn or damaged parts found during preventive maintenance are reported "
                    "with a work order.",
                    "Preventive maintenance is performed only after hazardous energy is "
                    "controlled.",
                ],
                "knowledge": [
                    (
                        TECHNICAL,
                        "Functions of lubricants, coolants and hydraulic fluids, and the effects "
                        "of contamination",
                    ),
                ],
                "skills": [
                    (TECHNICAL, "Read a lubrication chart and locate lubrication points"),
                ],
            },
            {
                "title": "Monitor equipment indicators to ensure correct operation",
                "statement": (
                    "Check gauges, displays and the machine itself for signs of abnormal operation."
                ),
                "indicators": [
                    "Pressure, temperature and flow readings are checked against their normal "
                    "ranges each shift.",
                    "Unusual noise, vibration, heat or leaks are noticed and reported.",
                    "Alarms and fault codes on the operator panel are recorded and acted on as "
                    "the procedure requires.",
                ],
            },
            {
                "title": "Recognize problems in electrical, pneumatic, hydraulic and automated "
                "systems",
                "statement": (
                    "Notice the symptoms of common failures in the systems that power and "
                    "control production equipment."
                ),
                "indicators": [
                    "Symptoms are described accurately enough for maintenance to begin "
                    "troubleshooting.",
                    "The technician distinguishes problems they may correct from those to refer "
                    "to maintenance staff.",
                    "Basic checks (air supply, fuses and breakers, sensors, fluid levels) are "
                    "done before a maintenance call.",
                ],
                "knowledge": [
                    (ACADEMIC, "Voltage, current, resistance and Ohm's law"),
                    (
                        TECHNICAL,
                        "How pneumatic and hydraulic circuits transmit power: compressors, pumps, "
                        "valves and actuators",
                    ),
                    (
                        TECHNICAL,
                        "What sensors, programmable logic controllers and robots do in an "
                        "automated work cell",
                    ),
                ],
            },
            {
                "title": "Keep the work area clean and organized",
                "statement": "Maintain the work area to the plant's 5S standard.",
                "indicators": [
                    "The work area meets the plant's 5S audit standard.",
                    "Tools are returned to their marked locations after use.",
                    "Chips, coolant and oil are cleaned up before they create a slip or fire "
                    "hazard.",
                ],
            },
        ],
    },
    {
        "title": "Improve processes",
        "statement": (
            "Technicians use what they see on the floor every day to reduce waste, scrap and "
            "downtime, alone and in improvement teams."
        ),
        "activities": [
            {
                "title": "Suggest continuous improvements to processes and products",
                "statement": (
                    "Bring forward ideas that make the job safer, faster, cheaper or better."
                ),
                "indicators": [
                    "Improvement suggestions are submitted with a description of the problem "
                    "and the expected benefit.",
                    "Suggestions are supported with data such as scrap counts, cycle times or "
                    "downtime.",
                    "The technician takes part in trials of approved improvements.",
                ],
            },
            {
                "title": "Participate in problem-solving teams",
                "statement": "Work with others to find and remove the causes of problems.",
                "indicators": [
                    "Problems are stated in measurable terms before causes are discussed.",
                    "Root causes are found with a structured tool such as 5 Whys or a fishbone "
                    "diagram.",
                    "Team actions are completed by the dates agreed.",
                    "Results are checked to confirm that the problem does not recur.",
                ],
                "knowledge": [
                    (TECHNICAL, "Plan-Do-Check-Act (PDCA) and the 8D problem-solving steps"),
                ],
                "skills": [
                    (ACADEMIC, "Build and read a Pareto chart from scrap or downtime data"),
                ],
            },
            {
                "title": "Apply lean manufacturing practices",
                "statement": "Use lean tools in the technician's own work area.",
                "indicators": [
                    "The seven wastes are recognized in the technician's own work area.",
                    "Standard work is followed and deviations from it are reported.",
                    "Quick changeover steps are performed in the agreed sequence.",
                ],
            },
        ],
    },
    {
        "title": "Communicate and work effectively in teams",
        "statement": (
            "Technicians share accurate information and work with co-workers, leads and support "
            "staff toward the team's goals."
        ),
        "activities": [
            {
                "title": "Communicate production and quality information",
                "statement": (
                    "Pass on what the next person needs to know, in writing and in person."
                ),
                "indicators": [
                    "Written entries in logs, travelers and check sheets are complete, accurate "
                    "and legible.",
                    "Verbal reports to supervisors and co-workers are clear, brief and factual.",
                    "Information is shared in the form the receiver needs.",
                ],
                "skills": [
                    (
                        EMPLOYABILITY,
                        "Listen actively and confirm understanding by restating instructions",
                    ),
                    (ACADEMIC, "Write a clear shift report or nonconformance description"),
                ],
            },
            {
                "title": "Work as a member of a production team",
                "statement": "Contribute to the team's safety, quality and delivery goals.",
                "indicators": [
                    "Team production goals are understood, and the technician's own work "
                    "supports them.",
                    "Work assignments are accepted and completed, and help is offered when the "
                    "team falls behind.",
                    "Disagreements are raised respectfully and resolved through the appropriate "
                    "channel.",
                ],
                "knowledge": [
                    (
                        EMPLOYABILITY,
                        "Workplace expectations: attendance, punctuality and notifying the "
                        "supervisor of an absence",
                    ),
                ],
            },
            {
                "title": "Train and orient new co-workers",
                "statement": "Show new co-workers how the job is done safely and correctly.",
                "indicators": [
                    "New co-workers are shown the safe and correct way to do each task, "
                    "following standard work.",
                    "The trainee's understanding is checked by observing them perform the task.",
                ],
            },
        ],
    },
]

# What happened to a standard after version 1, by code, in order. Standards not listed are
# adopted as they are (ADOPT). Steps:
#   ("edit", who, {"title"/"statement"/"level": new value}, change note)
#   ("review",)                      the current version goes to review
#   ("endorse", who, note)           who's organization endorses the current version
#   ("publish",)                     the convener publishes the current version
#   ("adopt",)                       review, endorsements by the whole panel, publish
#   ("comment", who, key, body)      a comment about the current version; `key` names the thread
#   ("reply", who, key, body), ("resolve", who, key)
ADOPT = (("adopt",),)
DRAFT = ()
HISTORY: dict[str, tuple] = {
    # Safety inspections grow into safety *and environmental* inspections (published v3).
    "A.1": (
        (
            "comment",
            P3,
            "env",
            "Our stormwater permit requires monthly checks of the waste and drain areas, and at "
            "Buckeye the technicians do them. Should this activity cover environmental "
            "inspections too?",
        ),
        ("reply", P2, "env", "Same at our Troy plant. I'll draft the change."),
        (
            "edit",
            P2,
            {
                "title": "Perform safety and environmental inspections",
                "statement": (
                    "Inspect the work area, machine guarding and personal protective equipment "
                    "at the start of each shift, and make the environmental checks (waste "
                    "storage, spill kits, stormwater drains) that the plant's permits require."
                ),
            },
            "Added environmental inspections, per Tom's comment",
        ),
        ("resolve", P3, "env"),
        (
            "edit",
            P1,
            {
                "statement": (
                    "Inspect the work area, machine guarding and personal protective equipment "
                    "at the frequency set by the plant safety program and before restarting "
                    "equipment after maintenance, and make the environmental checks (waste "
                    "storage, spill kits, stormwater drains) that the plant's permits require."
                ),
            },
            "Frequency follows each plant's program; 'each shift' did not fit three-shift molding",
        ),
        ("adopt",),
    ),
    "A.1.1": (
        (
            "edit",
            P1,
            {"title": "Safety inspections are performed accurately and on schedule."},
            "'On schedule' alone said nothing about doing them well",
        ),
        (
            "edit",
            P2,
            {
                "title": "Safety inspections are performed accurately and on schedule, "
                "following company procedures."
            },
            "Tie the indicator to company procedures so each plant's checklist applies",
        ),
        ("adopt",),
    ),
    # Published v1; v2 (group lockout) in review with 2 of 3 endorsements and an open question.
    "A.3": (
        ("adopt",),
        (
            "edit",
            P3,
            {
                "statement": (
                    "Control hazardous energy before servicing equipment, clearing jams or "
                    "changing tooling, following the machine-specific energy control procedure. "
                    "Where several people work on one machine, each applies a personal lock "
                    "under the group lockout procedure."
                ),
            },
            "Group lockout: most of our changeovers are done by two or three people",
        ),
        ("review",),
        ("endorse", P3, "Matches our union-negotiated lockout program."),
        ("endorse", P1, "Kestrel uses a group lockbox for every press changeover."),
        (
            "comment",
            P2,
            "lockbox",
            "Group lockout needs the lockbox and the authorized-employee sign-off spelled out. "
            "Could we add a performance indicator for it before Miami Valley Automation endorses?",
        ),
    ),
    "B.1.3": (
        (
            "edit",
            P3,
            {
                "title": "Nonconforming material is identified, tagged and moved to the hold area "
                "so it cannot be used by mistake."
            },
            "Name the hold area: tagging alone is not segregation",
        ),
        ("adopt",),
    ),
    # Three versions, in review with 2 of 3 endorsements; a discussion still open.
    "B.2": (
        (
            "edit",
            P1,
            {"title": "Use common measurement systems and precision measuring instruments"},
            "Include unit conversions; our inspectors see metric drawings every week",
        ),
        (
            "edit",
            P2,
            {
                "statement": (
                    "Measure part features with hand-held precision instruments (micrometers, "
                    "calipers, height gauges, dial indicators) in U.S. customary and metric "
                    "units."
                ),
                "level": "intermediate",
            },
            "List the instruments; intermediate level (reading to 0.0001 in. is for inspectors)",
        ),
        ("review",),
        ("endorse", P1, ""),
        ("endorse", P2, "Checked against our receiving inspection work instruction."),
        (
            "comment",
            P3,
            "gauges",
            "Buckeye will endorse once thread and plug gauges are in the list: our technicians "
            "use them more than micrometers. Faculty, does MFG 110 cover them?",
        ),
        (
            "reply",
            FACULTY,
            "gauges",
            "MFG 110 covers micrometers, calipers and indicators; thread and plug gauges come in "
            "MFG 120. Either way works for the college.",
        ),
    ),
    # Published v2, then a newer draft v3 from the college.
    "C.2.4": (
        (
            "comment",
            P3,
            "stdtime",
            "Standard times differ a lot between plants. Is this measurable across firms?",
        ),
        (
            "reply",
            P1,
            "stdtime",
            "Each plant sets its own standard time, so 'the standard time set by the employer' "
            "makes it measurable everywhere.",
        ),
        (
            "edit",
            P1,
            {"title": "Setup is completed within the standard time set by the employer."},
            "Standard time is set by each employer",
        ),
        ("resolve", P3, "stdtime"),
        ("adopt",),
    ),
    "C.3": (
        ("adopt",),
        (
            "edit",
            P2,
            {
                "statement": (
                    "Run production equipment as the work instruction describes, at the rated "
                    "speed and feed, and keep watch on the process while it runs."
                ),
            },
            "Rated speed and feed belong in the activity, not only in the indicator",
        ),
        ("adopt",),
        (
            "edit",
            FACULTY,
            {
                "statement": (
                    "Run production equipment as the work instruction describes, at the rated "
                    "speed and feed, and keep watch on the process while it runs, including "
                    "the statistical process control charts kept at the machine."
                ),
            },
            "Proposed: name SPC charts, which MFG 120 teaches with this activity",
        ),
        (
            "comment",
            FACULTY,
            "spc",
            "Draft for the next panel meeting: SPC is already under B.4; is it worth repeating "
            "here?",
        ),
    ),
    # Published v1, then a newer draft.
    "D.1": (
        ("adopt",),
        (
            "edit",
            P3,
            {
                "statement": (
                    "Carry out the operator-level preventive maintenance tasks posted at the "
                    "machine, including hydraulic fluid and air filter checks."
                ),
            },
            "Hydraulic presses: fluid and filter checks are operator tasks at Buckeye",
        ),
    ),
    # Four versions: v3 published, v4 in review with one endorsement.
    "D.3": (
        (
            "edit",
            P2,
            {
                "title": "Recognize potential maintenance issues with electrical, pneumatic, "
                "hydraulic and automated systems"
            },
            "'Potential issues': technicians spot symptoms, they do not diagnose",
        ),
        (
            "edit",
            P1,
            {
                "statement": (
                    "Notice the symptoms of common failures in the systems that power and "
                    "control production equipment, and know when to inform maintenance "
                    "personnel."
                ),
            },
            "Say when to call maintenance",
        ),
        ("adopt",),
        (
            "edit",
            P3,
            {"level": "baseline"},
            "Baseline level: awareness, not troubleshooting",
        ),
        ("review",),
        ("endorse", P3, ""),
    ),
    "D.3.K3": (
        ("review",),
        ("endorse", P2, "Our integrators would like robots kept in."),
    ),
    # Four versions, in review with one endorsement; a resolved discussion.
    "E.2": (
        (
            "comment",
            P1,
            "teams",
            "Smaller shops don't have standing problem-solving teams. 'Activities' would fit "
            "them better.",
        ),
        (
            "edit",
            P1,
            {"title": "Participate in problem-solving activities"},
            "Not every plant has formal teams",
        ),
        ("reply", P3, "teams", "Agreed."),
        ("resolve", P1, "teams"),
        (
            "edit",
            P3,
            {
                "statement": (
                    "Work with others, in formal teams or on the floor, to find and remove the "
                    "root causes of safety, quality and delivery problems."
                ),
            },
            "Say what problems, and that the aim is the root cause",
        ),
        ("edit", P2, {"level": "baseline"}, "Baseline: technicians take part, leads run it"),
        ("review",),
        ("endorse", P2, ""),
    ),
    # A new key activity still in draft, with its indicators.
    "E.3": (
        (
            "edit",
            FACULTY,
            {
                "statement": (
                    "Use lean tools (standard work, quick changeover, visual management) in the "
                    "technician's own work area."
                ),
            },
            "Name the tools so colleges can align courses",
        ),
    ),
    "E.3.1": DRAFT,
    "E.3.2": DRAFT,
    "E.3.3": DRAFT,
    "F.1.S2": DRAFT,
    # Draft, with an open question from the convener.
    "F.3": (
        (
            "comment",
            CONVENER,
            "trainer",
            "Do we want a train-the-trainer activity in an entry-level standard? Let's settle "
            "it at the next panel meeting before anyone endorses.",
        ),
        (
            "reply",
            P1,
            "trainer",
            "At Kestrel second-year technicians train new hires on the floor, so I'd keep it, "
            "at baseline.",
        ),
    ),
    "F.3.1": DRAFT,
    "F.3.2": DRAFT,
}

ENDORSEMENT_NOTES = {
    P1: "Reviewed with Kestrel's EHS and quality managers.",
    P2: "Fits our integration and field-service technicians.",
    P3: "Reviewed with the shop committee; agreed.",
}


def _current(standard: Standard) -> StandardVersion:
    return db.session.get(StandardVersion, standard.current_version_id)


def _apply(standard: Standard, steps, users: dict, threads: dict) -> None:
    """Replay one standard's history with the services."""
    for op, *args in steps:
        version = _current(standard)
        if op == "edit":
            who, changes, note = args
            content = {**version.content(), **changes}
            services.save_version(
                standard,
                version.number,
                content["title"],
                content["statement"],
                content["level"],
                note,
                users[who],
            )
        elif op == "review":
            services.move_to_review(standard, version)
        elif op == "endorse":
            who, note = args
            services.endorse(standard, version, users[who], note)
        elif op == "publish":
            services.publish(standard, version, users[CONVENER])
        elif op == "adopt":
            if version.status == VersionStatus.DRAFT:
                services.move_to_review(standard, version)
            done = {e.organization_id for e in version.endorsements}
            for who in PANEL:
                if users[who].organization_id not in done:
                    services.endorse(standard, version, users[who], ENDORSEMENT_NOTES[who])
            services.publish(standard, version, users[CONVENER])
        elif op == "comment":
            who, key, body = args
            threads[key] = services.add_comment(standard, users[who], body, version=version)
        elif op == "reply":
            who, key, body = args
            services.add_comment(standard, users[who], body, parent=threads[key])
        elif op == "resolve":
            who, key = args
            services.set_resolved(standard, threads[key], users[who], True)
        else:
            raise ValueError(f"Unknown demo step {op!r}")


def _add(framework, parent, kind, title, author, statement="", level=None, category=None):
    return tree.add_standard(
        framework,
        parent,
        kind,
        title,
        statement,
        level=level,
        author=author,
        category=category,
        change_note="First draft",
    )


def load(partnership: Partnership, users_by_email: dict) -> Framework:
    """Create the Production Technician framework with its history, unless it already exists."""
    framework = db.session.scalar(
        db.select(Framework).where(
            Framework.partnership_id == partnership.id, Framework.title == FRAMEWORK["title"]
        )
    )
    if framework is not None:
        return framework
    users = users_by_email
    framework = tree.create_framework(partnership, FRAMEWORK)
    standards: list[Standard] = []
    # First drafts come from the panel in turn, as they split the work at the kickoff meeting.
    for i, cwf_data in enumerate(TREE):
        author = users[PANEL[i % 3]]
        cwf = _add(
            framework,
            None,
            "critical_work_function",
            cwf_data["title"],
            author,
            cwf_data["statement"],
        )
        standards.append(cwf)
        for j, ka_data in enumerate(cwf_data["activities"]):
            author = users[PANEL[(i + j) % 3]]
            ka = _add(
                framework,
                cwf,
                "key_activity",
                ka_data["title"],
                author,
                ka_data["statement"],
                ka_data.get("level"),
            )
            standards.append(ka)
            for title in ka_data["indicators"]:
                standards.append(_add(framework, ka, "performance_indicator", title, author))
            for kind, key in (("knowledge", "knowledge"), ("skill", "skills")):
                for category, title in ka_data.get(key, ()):
                    standards.append(_add(framework, ka, kind, title, author, category=category))
    threads: dict = {}
    for standard in standards:
        _apply(standard, HISTORY.get(standard.code, ADOPT), users, threads)
    return framework


__all__ = ["FRAMEWORK", "HISTORY", "TREE", "load"]
