"""Table-driven tests of the item parser: text as IMR applications write it -> structured request.

Each row gives only the fields that matter for that string; `drug.x` addresses the drug part.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openimr.guidelines.items import CATEGORIES, parse_item

D = dt.date

ROWS: list[tuple[str, dict[str, Any]]] = [
    # --- the examples of the issue -------------------------------------------------------------
    ("8 Physical Therapy Sessions between 7/29/2013 and 9/29/2013",
     {"category": "physical_therapy", "quantity": 8, "unit": "sessions",
      "start_date": D(2013, 7, 29), "end_date": D(2013, 9, 29)}),
    ("Norco 10/325 mg #90", {"category": "opioid", "drug.name": "Norco", "drug.count": 90,
                             "drug.generic": "hydrocodone/acetaminophen", "drug.strength": "10/325 mg"}),
    ("Acupuncture 2x3 lumbar", {"category": "acupuncture", "quantity": 6, "frequency_per_week": 2,
                                "duration_weeks": 3, "body_part": "lumbar_spine"}),
    ("Lumbar ESI L4-5 with fluoroscopy",
     {"category": "epidural_steroid_injection", "levels": ["L4-5"], "body_part": "lumbar_spine",
      "modifiers": ["with fluoroscopy"]}),
    ("MRI of the cervical spine without contrast",
     {"category": "imaging", "subcategory": "mri", "body_part": "cervical_spine",
      "modifiers": ["without contrast"]}),
    ("Lidoderm 5% patch #30", {"category": "topical_analgesic", "drug.generic": "lidocaine",
                               "drug.strength": "5%", "drug.form": "patch", "drug.count": 30}),
    ("Terocin compound cream 240 gm",
     {"category": "topical_analgesic", "drug.compound": True, "quantity": 240, "unit": "g",
      "drug.ingredients": ["methyl salicylate", "capsaicin", "menthol", "lidocaine"]}),
    ("Functional restoration program x 10 days",
     {"category": "functional_restoration_program", "quantity": 10, "unit": "days"}),
    ("Home health aide 4 hrs/day 5 days/week x 6 weeks",
     {"category": "home_health", "hours_per_week": 20, "frequency_per_week": 5,
      "duration_weeks": 6, "quantity": 120, "unit": "hours"}),
    ("Right knee arthroscopy with partial meniscectomy",
     {"category": "surgery", "subcategory": "knee_arthroscopy_meniscectomy", "side": "right",
      "body_part": "knee"}),
    ("Post-op cold therapy unit 30-day rental",
     {"category": "durable_medical_equipment", "subcategory": "cold_therapy", "rental_days": 30,
      "purchase": False, "postoperative": True}),
    ("Psychotherapy 6 sessions", {"category": "psychological_treatment", "subcategory": "therapy",
                                  "quantity": 6}),
    ("Urine drug screen", {"category": "urine_drug_test", "subcategory": "screening", "drug": None}),
    # --- opioids ---------------------------------------------------------------------------------
    ("Norco 10/325 mg #90, 1 po q6h prn pain",
     {"drug.directions": "1 po q6h prn pain", "drug.units_per_day": 4, "drug.daily_mme": 40}),
    ("Retrospective request for 1 prescription of Hydrocodone/APAP 10/325mg #120",
     {"category": "opioid", "drug.generic": "hydrocodone/acetaminophen", "drug.count": 120,
      "drug.strength": "10/325 mg"}),
    ("Hydrocodone-APAP 7.5/325 mg #60", {"drug.generic": "hydrocodone/acetaminophen",
                                         "drug.strength": "7.5/325 mg"}),
    ("Hydrocodon 10/325 #60", {"category": "opioid", "drug.generic": "hydrocodone/acetaminophen",
                               "drug.fuzzy_match": True, "drug.count": 60}),
    ("Percocet 5/325 1 tab q4-6h prn #120",
     {"drug.generic": "oxycodone/acetaminophen", "drug.units_per_day": 6, "drug.daily_mme": 45}),
    ("Oxycodone 10/325 #120", {"drug.generic": "oxycodone/acetaminophen"}),
    ("Oxycodone 15 mg q4h prn #180", {"drug.generic": "oxycodone", "drug.daily_mme": 135,
                                      "subcategory": "short_acting"}),
    ("OxyContin 20 mg ER q12h #60", {"drug.generic": "oxycodone er", "subcategory": "long_acting",
                                     "drug.daily_mme": 60}),
    ("Tramadol ER 150 mg #30 1 daily", {"drug.generic": "tramadol er", "drug.daily_mme": 15}),
    ("Ultram 50 mg #120", {"drug.generic": "tramadol", "drug.count": 120, "drug.daily_mme": None}),
    ("Ultracet 37.5/325 mg 1 tab bid #60", {"drug.generic": "tramadol/acetaminophen",
                                             "drug.daily_mme": 7.5}),
    ("Tramadol 37.5/325 #60", {"drug.generic": "tramadol/acetaminophen"}),
    ("Tylenol #3 #60", {"drug.generic": "codeine/acetaminophen", "drug.strength": "300/30 mg",
                        "drug.count": 60}),
    ("Tylenol with codeine #4 1 q6h #120",
     {"drug.generic": "codeine/acetaminophen", "drug.daily_mme": 36}),
    ("Duragesic 25 mcg/hr patch #10", {"drug.generic": "fentanyl transdermal",
                                       "drug.strength": "25 mcg/h", "drug.daily_mme": 60,
                                       "drug.form": "patch", "unit": "patches"}),
    ("Butrans 10 mcg/hr patch #4", {"category": "opioid", "subcategory": "partial_agonist",
                                    "drug.daily_mme": None}),
    ("Methadone 10 mg tid #90", {"drug.generic": "methadone", "drug.daily_mme": 240}),
    ("Nucynta 50 mg q6h #120", {"drug.generic": "tapentadol", "drug.daily_mme": 80}),
    ("Dilaudid 4 mg q4h prn #180", {"drug.generic": "hydromorphone", "drug.daily_mme": 96}),
    ("Opana ER 10 mg bid #60", {"drug.generic": "oxymorphone er", "drug.daily_mme": 60}),
    ("MS Contin 30 mg q8h #90", {"drug.generic": "morphine er", "drug.daily_mme": 90}),
    ("Norco 10/325 #60 for weaning", {"category": "opioid", "modifiers": ["weaning"]}),
    ("Suboxone 8/2 mg film", {"category": "opioid", "drug.generic": "buprenorphine/naloxone"}),
    # --- other drugs -------------------------------------------------------------------------------
    ("Gabapentin 600 mg #90", {"category": "anticonvulsant", "drug.formulary": "exempt"}),
    ("Neurontin 300mg 1 po tid #90", {"category": "anticonvulsant", "drug.generic": "gabapentin",
                                      "drug.units_per_day": 3}),
    ("Lyrica 75 mg bid #60", {"category": "anticonvulsant", "drug.generic": "pregabalin"}),
    ("Topamax 50 mg #60", {"category": "anticonvulsant", "drug.generic": "topiramate"}),
    ("Cyclobenzaprine 7.5 mg #60", {"category": "muscle_relaxant", "drug.strength": "7.5 mg"}),
    ("Cyclobenzaprin 10mg #30", {"category": "muscle_relaxant", "drug.fuzzy_match": True}),
    ("Flexeril 10 mg #30", {"category": "muscle_relaxant", "drug.generic": "cyclobenzaprine"}),
    ("Soma 350 mg #90", {"category": "muscle_relaxant", "drug.generic": "carisoprodol"}),
    ("Tizanidine 4mg #60", {"category": "muscle_relaxant", "subcategory": "antispasticity"}),
    ("Robaxin 750 mg #60", {"drug.generic": "methocarbamol"}),
    ("Skelaxin 800 mg #60", {"drug.generic": "metaxalone"}),
    ("Omeprazole 20 mg #60", {"category": "proton_pump_inhibitor", "drug.count": 60}),
    ("Omeprazole DR 20mg 1 cap daily #30 refills x 2",
     {"category": "proton_pump_inhibitor", "drug.form": "capsule", "drug.directions": "1 cap daily",
      "drug.units_per_day": 1, "drug.count": 30}),
    ("Prilosec 20mg #30", {"category": "proton_pump_inhibitor", "drug.generic": "omeprazole"}),
    ("Pantoprazole 40 mg #30", {"category": "proton_pump_inhibitor"}),
    ("Nexium 40 mg #30", {"category": "proton_pump_inhibitor", "drug.generic": "esomeprazole"}),
    ("Naproxen 550 mg #60", {"category": "nsaid", "subcategory": "non_selective"}),
    ("Naproxen sodium 550 mg twice daily #60", {"drug.units_per_day": 2}),
    ("Anaprox DS 550 mg #60", {"category": "nsaid", "drug.generic": "naproxen"}),
    ("Celebrex 200 mg #30", {"category": "nsaid", "subcategory": "cox2_selective"}),
    ("Ibuprofen 800mg 1 tab TID prn #90", {"category": "nsaid", "drug.units_per_day": 3,
                                           "drug.form": "tablet"}),
    ("Mobic 15 mg #30", {"category": "nsaid", "drug.generic": "meloxicam"}),
    ("Toradol 60 mg IM injection", {"category": "nsaid", "drug.form": "injection"}),
    ("Ambien 10 mg #30", {"category": "sleep_aid", "drug.generic": "zolpidem"}),
    ("Zolpidem ER 12.5 mg qhs #30", {"category": "sleep_aid", "drug.units_per_day": 1}),
    ("Lunesta 3 mg #30", {"category": "sleep_aid", "drug.generic": "eszopiclone"}),
    ("Xanax 1 mg #60", {"category": "benzodiazepine", "drug.generic": "alprazolam"}),
    ("Restoril 30 mg #30", {"category": "benzodiazepine", "drug.generic": "temazepam"}),
    ("Cymbalta 60 mg #30", {"category": "antidepressant", "subcategory": "snri"}),
    ("Elavil 25 mg qhs", {"category": "antidepressant", "subcategory": "tca"}),
    ("Trazodone 50 mg #30", {"category": "antidepressant"}),
    ("Zofran 8 mg #20", {"category": "other_drug", "drug.drug_class": "antiemetic"}),
    ("Theramine #120", {"category": "other_drug", "drug.drug_class": "medical_food"}),
    ("Colace 100 mg #60", {"category": "other_drug", "drug.drug_class": "laxative"}),
    # --- topicals and compounds ------------------------------------------------------------------
    ("Flurbiprofen 20%/Lidocaine 5% cream",
     {"category": "topical_analgesic", "drug.compound": True,
      "drug.ingredients": ["flurbiprofen", "lidocaine"],
      "drug.ingredient_strengths": {"flurbiprofen": "20%", "lidocaine": "5%"}}),
    ("Gabapentin 10%/Cyclobenzaprine 4%/Tramadol 10% compound cream 180 gm",
     {"drug.ingredients": ["gabapentin", "cyclobenzaprine", "tramadol"], "quantity": 180,
      "drug.formulary": "not_listed"}),
    ("Ketoprofen 20% cream 120 gm", {"category": "topical_analgesic", "drug.compound": True,
                                     "drug.ingredients": ["ketoprofen"]}),
    ("Tramadol 10% cream", {"category": "topical_analgesic", "drug.ingredients": ["tramadol"]}),
    ("Voltaren gel 1% 100 g", {"category": "topical_analgesic", "drug.generic": "diclofenac topical",
                               "drug.compound": False, "quantity": 100, "unit": "g"}),
    ("Diclofenac 1% gel", {"category": "topical_analgesic", "drug.generic": "diclofenac topical"}),
    ("Flector patch 1.3% #30", {"category": "topical_analgesic", "drug.generic": "diclofenac topical"}),
    ("Medrox ointment 120 gm", {"drug.ingredients": ["methyl salicylate", "menthol", "capsaicin"]}),
    ("LidoPro ointment 121 gm", {"drug.compound": True, "drug.name": "LidoPro"}),
    ("Menthoderm gel 120 gm", {"drug.ingredients": ["methyl salicylate", "menthol"]}),
    ("Lidocaine 5% ointment 30 gm", {"drug.form": "ointment", "drug.generic": "lidocaine"}),
    ("Capsaicin 0.075% cream", {"category": "topical_analgesic", "drug.strength": "0.075%"}),
    # --- therapies ---------------------------------------------------------------------------------
    ("Physical therapy 2x/week x 3 weeks", {"quantity": 6, "unit": "visits"}),
    ("Physical therapy 3x4 weeks for the right shoulder",
     {"quantity": 12, "body_part": "shoulder", "side": "right"}),
    ("PT 2-3x/week x 4 weeks lumbar spine", {"frequency_per_week": 3, "quantity": 12}),
    ("Physical therapy twice a week for six weeks", {"quantity": 12, "frequency_per_week": 2}),
    ("Twelve (12) sessions of physical therapy for the left knee",
     {"quantity": 12, "body_part": "knee", "side": "left"}),
    ("12 additional physical therapy visits", {"quantity": 12, "modifiers": ["additional"]}),
    ("Physical therapy for the lumbar spine", {"category": "physical_therapy", "quantity": None}),
    ("Work hardening program 10 sessions", {"category": "physical_therapy",
                                            "subcategory": "work_conditioning", "quantity": 10}),
    ("Post-operative physical therapy 12 visits for the right knee",
     {"category": "postsurgical_physical_therapy", "postoperative": True, "quantity": 12}),
    ("Physical therapy 2x6 following right rotator cuff repair",
     {"category": "postsurgical_physical_therapy", "subcategory": "rotator_cuff_repair",
      "quantity": 12, "body_part": "shoulder"}),
    ("Postop OT x 8 following carpal tunnel release",
     {"category": "postsurgical_physical_therapy", "subcategory": "carpal_tunnel_release",
      "quantity": 8, "body_part": "wrist"}),
    ("Occupational therapy 2x4 right hand", {"category": "occupational_therapy", "quantity": 8,
                                            "body_part": "hand"}),
    ("Aquatic therapy 2x/week x 6 weeks", {"category": "aquatic_therapy", "quantity": 12}),
    ("Massage therapy x 6 visits", {"category": "massage", "quantity": 6}),
    ("Chiropractic treatment 2 x 4 for the lumbar spine", {"category": "chiropractic",
                                                           "quantity": 8}),
    ("Six sessions of chiropractic", {"category": "chiropractic", "quantity": 6}),
    ("Chiropractic manipulation 1-2 times per week for 6 weeks", {"quantity": 12}),
    ("Acupuncture 6 sessions for the cervical spine", {"quantity": 6, "body_part": "cervical_spine"}),
    ("Electroacupuncture 1-2x/week x 4 weeks", {"subcategory": "electroacupuncture", "quantity": 8}),
    ("Manipulation under anesthesia of the right shoulder",
     {"category": "surgery", "subcategory": "adhesive_capsulitis_release"}),
    # --- injections ------------------------------------------------------------------------------
    ("Lumbar transforaminal epidural steroid injection at bilateral L4-5 and L5-S1 under fluoroscopy",
     {"subcategory": "transforaminal", "levels": ["L4-5", "L5-S1"], "side": "bilateral",
      "modifiers": ["with fluoroscopy"]}),
    ("Cervical epidural steroid injection C6-7 interlaminar",
     {"subcategory": "interlaminar", "levels": ["C6-7"], "body_part": "cervical_spine"}),
    ("Caudal ESI", {"category": "epidural_steroid_injection", "subcategory": "caudal"}),
    ("Repeat lumbar ESI L5-S1", {"modifiers": ["repeat"], "levels": ["L5-S1"]}),
    ("Right L5 and S1 TFESI", {"subcategory": "transforaminal", "levels": ["L5", "S1"],
                               "side": "right", "body_part": "lumbar_spine"}),
    ("Bilateral L3, L4, L5 medial branch blocks",
     {"category": "facet_injection", "subcategory": "medial_branch_block",
      "levels": ["L3", "L4", "L5"]}),
    ("Lumbar facet injections at L4-L5 and L5-S1 bilaterally",
     {"category": "facet_injection", "subcategory": "intraarticular", "levels": ["L4-5", "L5-S1"]}),
    ("Radiofrequency ablation bilateral L4-5, L5-S1", {"category": "radiofrequency_ablation"}),
    ("Cervical RFA C5-6 right", {"category": "radiofrequency_ablation", "side": "right"}),
    ("Trigger point injections x 4 to the trapezius",
     {"category": "trigger_point_injection", "quantity": 4, "unit": "injections"}),
    ("TPI x3 lumbar paraspinals", {"category": "trigger_point_injection", "quantity": 3}),
    ("Trigger point injection with lidocaine", {"category": "trigger_point_injection", "drug": None}),
    # --- diagnostics --------------------------------------------------------------------------------
    ("EMG/NCV of the bilateral lower extremities",
     {"category": "electrodiagnostic", "subcategory": "emg_ncv", "body_part": "lower_extremity",
      "side": "bilateral"}),
    ("NCS of the right upper extremity", {"subcategory": "ncv", "body_part": "upper_extremity"}),
    ("MRI of the lumbar spine without contrast", {"subcategory": "mri"}),
    ("Repeat MRI lumbar spine", {"modifiers": ["repeat"]}),
    ("MR arthrogram of the left shoulder", {"subcategory": "mri", "side": "left"}),
    ("CT scan of the cervical spine", {"subcategory": "ct", "body_part": "cervical_spine"}),
    ("X-rays of the lumbar spine 3 views", {"subcategory": "xray", "quantity": 3, "unit": "views"}),
    ("Bone scan", {"category": "imaging", "subcategory": "bone_scan"}),
    ("Diagnostic ultrasound of the right shoulder", {"subcategory": "ultrasound"}),
    ("Ultrasound-guided injection of the right shoulder",
     {"category": "joint_injection", "subcategory": "corticosteroid", "body_part": "shoulder"}),
    ("Urine toxicology screen quarterly", {"category": "urine_drug_test"}),
    ("Confirmatory urine drug testing by LC/MS", {"subcategory": "confirmatory"}),
    # A screen whose confirmation is of its own presumptive positives is a screen; one that
    # names a quantitative or mass-spectrometry panel orders that panel.
    ("UDS with confirmation", {"subcategory": "screening"}),
    ("Point-of-care drug screen and confirmatory testing", {"subcategory": "screening"}),
    ("Drug screen with quantitative GC/MS confirmation", {"subcategory": "confirmatory"}),
    ("Random urine drug test x 4 per year", {"quantity": 4}),
    # --- programs, psychology, home health -------------------------------------------------------
    ("Functional restoration program 160 hours", {"quantity": 160, "unit": "hours"}),
    ("Multidisciplinary evaluation for functional restoration program",
     {"category": "functional_restoration_program", "subcategory": "evaluation"}),
    ("HELP program x 20 days", {"category": "functional_restoration_program", "quantity": 20}),
    ("Psychological evaluation", {"category": "psychological_treatment",
                                  "subcategory": "evaluation"}),
    ("Cognitive behavioral therapy 6 sessions", {"subcategory": "therapy", "quantity": 6}),
    ("Biofeedback 6 sessions", {"subcategory": "biofeedback"}),
    ("Pain psychology 1x/week x 6 weeks", {"quantity": 6}),
    ("Home health care 8 hours per day 7 days per week", {"hours_per_week": 56, "quantity": None}),
    ("Home health nursing visits x 6", {"subcategory": "skilled_nursing", "quantity": 6,
                                        "unit": "visits"}),
    ("Housekeeping services 4 hours a week for 8 weeks",
     {"subcategory": "homemaker", "hours_per_week": 4, "quantity": 32}),
    # --- equipment -------------------------------------------------------------------------------
    ("TENS unit purchase", {"category": "tens", "purchase": True}),
    ("TENS unit 30 day trial", {"category": "tens", "rental_days": 30, "purchase": False,
                                "quantity": None}),
    ("TENS supplies (electrodes, batteries) x 3 months", {"subcategory": "supplies"}),
    ("TENS unit 30-day home trial (rental)", {"category": "tens", "rental_days": 30,
                                              "purchase": False}),
    ("TENS unit 2 month in-home rental", {"category": "tens", "rental_days": 60}),
    ("H-wave unit 30 day home trial", {"category": "electrotherapy", "subcategory": "h_wave",
                                       "rental_days": 30}),
    ("Interferential unit rental x 2 months", {"subcategory": "interferential", "rental_days": 60}),
    ("NMES unit", {"category": "electrotherapy", "subcategory": "nmes"}),
    ("TENS/EMS combo unit", {"category": "electrotherapy", "subcategory": "combination_unit"}),
    ("Cold therapy unit purchase for the right shoulder",
     {"subcategory": "cold_therapy", "purchase": True, "body_part": "shoulder"}),
    ("Vascutherm unit 14 day rental", {"subcategory": "cold_therapy", "rental_days": 14}),
    ("Game Ready cold compression unit x 21 days post-op",
     {"rental_days": 21, "postoperative": True}),
    ("Lumbar support brace", {"subcategory": "lumbar_support", "body_part": "lumbar_spine"}),
    ("LSO back brace purchase", {"subcategory": "lumbar_support", "purchase": True}),
    ("Right knee hinged brace", {"subcategory": "brace", "side": "right"}),
    ("Front-wheeled walker", {"subcategory": "mobility_aid"}),
    ("Ultrasound guidance for right knee injection",
     {"category": "joint_injection", "subcategory": "image_guidance", "body_part": "knee"}),
    ("Ultrasound-guided right knee cortisone injection",
     {"category": "joint_injection", "subcategory": "corticosteroid"}),
    ("Hospital bed rental", {"subcategory": "bed_or_mattress", "purchase": False}),
    ("Cervical traction unit for home use", {"subcategory": "traction"}),
    ("Continuous passive motion machine 21 day rental following total knee replacement",
     {"category": "durable_medical_equipment", "subcategory": "cpm", "rental_days": 21}),
    ("Home exercise kit", {"subcategory": "exercise_equipment"}),
    # --- surgery and consults --------------------------------------------------------------------
    ("Lumbar fusion L4-5 and L5-S1", {"subcategory": "lumbar_fusion", "levels": ["L4-5", "L5-S1"]}),
    ("Anterior cervical discectomy and fusion C5-6, C6-7", {"subcategory": "cervical_fusion"}),
    ("L4-5 microdiscectomy", {"subcategory": "lumbar_discectomy", "body_part": "lumbar_spine"}),
    ("Left shoulder arthroscopy with subacromial decompression and distal clavicle excision",
     {"subcategory": "shoulder_subacromial_decompression", "side": "left"}),
    ("Right rotator cuff repair", {"subcategory": "rotator_cuff_repair"}),
    ("Right carpal tunnel release", {"subcategory": "carpal_tunnel_release", "body_part": "wrist"}),
    ("Left total knee arthroplasty", {"subcategory": "total_knee_arthroplasty"}),
    ("Spinal cord stimulator trial", {"subcategory": "spinal_cord_stimulator"}),
    ("Pain management consultation", {"category": "consultation",
                                      "subcategory": "pain_management"}),
    ("Orthopedic surgeon consultation for the right knee", {"subcategory": "orthopedic"}),
    ("Referral to a spine surgeon", {"subcategory": "spine_surgery"}),
    ("Follow-up visits with pain management x 6", {"quantity": 6}),
    ("Psychiatric consultation", {"category": "consultation", "subcategory": "psychiatry"}),
    ("Pre-operative medical clearance", {"subcategory": "preoperative_clearance"}),
    ("Office visit", {"category": "consultation", "subcategory": "office_visit"}),
    ("Norco 10/325 mg #90 per pain management", {"category": "opioid"}),
    # --- as IMR applications phrase them ----------------------------------------------------------
    ("Retrospective request for Urine Drug Screen (DOS 3/5/2014)",
     {"category": "urine_drug_test", "start_date": D(2014, 3, 5), "end_date": D(2014, 3, 5)}),
    ("Prospective request for 1 Lumbar Epidural Steroid Injection at L4-5 between 6/1/2014 and 7/16/2014",
     {"category": "epidural_steroid_injection", "quantity": 1, "levels": ["L4-5"],
      "start_date": D(2014, 6, 1), "end_date": D(2014, 7, 16)}),
    ("12 additional sessions of physical therapy for the lumbar spine, 2 times a week for 6 weeks",
     {"quantity": 12, "frequency_per_week": 2, "duration_weeks": 6}),
    ("Unknown prescription of Lidoderm patches", {"category": "topical_analgesic", "drug.form": "patch",
                                                  "drug.count": None}),
    ("Flurbiprofen/Cyclobenzaprine/Menthol Cream 20%/10%/4% 180gm",
     {"drug.ingredient_strengths": {"flurbiprofen": "20%", "cyclobenzaprine": "10%", "menthol": "4%"},
      "drug.form": "cream", "quantity": 180}),
    ("Compound: Ketoprofen 10%, Gabapentin 6%, Lidocaine 5% 120g",
     {"drug.ingredients": ["ketoprofen", "gabapentin", "lidocaine"], "unit": "g"}),
    ("Norco 10/325mg, #120 (1 tablet every 4-6 hours as needed for pain)",
     {"drug.directions": "1 tablet every 4-6 hours as needed for pain", "drug.units_per_day": 6,
      "drug.daily_mme": 60}),
    ("Percocet 10/325 1-2 tabs q4h prn #240", {"drug.units_per_day": 12, "drug.daily_mme": 180}),
    ("Buprenorphine patch 10 mcg/hr #4", {"category": "opioid",
                                          "drug.generic": "buprenorphine transdermal"}),
    ("Fentanyl 25 mcg/hr patch #10", {"drug.generic": "fentanyl transdermal", "drug.daily_mme": 60}),
    ("Interferential Unit (rental or purchase)", {"subcategory": "interferential", "purchase": None}),
    ("Home Health Care 24 hours/day, 7 days/week", {"hours_per_week": 168}),
    ("EMG/NCS BLE", {"subcategory": "emg_ncv", "body_part": "lower_extremity", "side": "bilateral"}),
    ("Physical therapy 8 visits for the left wrist, status post ORIF",
     {"category": "postsurgical_physical_therapy", "body_part": "wrist"}),
    ("1 Functional Capacity Evaluation", {"category": "functional_capacity_evaluation",
                                          "quantity": 1}),
    ("Lumbar epidural steroid injections, series of three", {"category": "epidural_steroid_injection",
                                                               "quantity": 3}),
    # --- qualifiers: trials with supplies, singular frequencies, injectable products -----------------
    ("TENS unit 30-day trial rental with supplies",
     {"category": "tens", "subcategory": "unit", "rental_days": 30, "purchase": False}),
    ("TENS unit purchase with supplies", {"subcategory": "unit", "purchase": True}),
    ("TENS electrodes and lead wires, 3 month supply", {"category": "tens", "subcategory": "supplies"}),
    ("Physical therapy once a week for 6 weeks",
     {"frequency_per_week": 1, "duration_weeks": 6, "quantity": 6}),
    ("Chiropractic 1x/wk x 4 weeks", {"frequency_per_week": 1, "duration_weeks": 4, "quantity": 4}),
    ("Acupuncture one time per week x 6 weeks", {"frequency_per_week": 1, "quantity": 6}),
    ("Psychotherapy 1 session per week for 8 weeks", {"frequency_per_week": 1, "duration_weeks": 8}),
    ("Synvisc-One injection right knee",
     {"category": "joint_injection", "subcategory": "viscosupplementation", "drug": None,
      "body_part": "knee"}),
    ("Orthovisc x3 left knee", {"subcategory": "viscosupplementation", "quantity": 3}),
    ("PRP injection right elbow", {"category": "joint_injection", "subcategory": "prp"}),
    ("Kenalog 40 mg injection left knee",
     {"category": "joint_injection", "subcategory": "corticosteroid", "quantity": None}),
    ("Botox 200 units for cervical dystonia", {"category": "botulinum_toxin", "drug": None}),
    ("Gym membership x 6 months", {"category": "gym_membership", "subcategory": "gym"}),
    ("Labs: CBC, CMP", {"category": "laboratory_test", "subcategory": "monitoring"}),
    ("Right shoulder cortisone injection",
     {"category": "joint_injection", "subcategory": "corticosteroid", "body_part": "shoulder"}),
]


def _get(request: Any, path: str) -> Any:
    value = request
    for part in path.split("."):
        value = None if value is None else getattr(value, part)
    return value


@pytest.mark.parametrize(("text", "expected"), ROWS, ids=[row[0][:60] for row in ROWS])
def test_parse_item(text: str, expected: dict[str, Any]) -> None:
    request = parse_item(text)
    assert request.text == text
    for path, wanted in expected.items():
        actual = _get(request, path)
        if path == "modifiers":
            assert set(wanted) <= set(actual), (path, actual)
        elif isinstance(wanted, float | int) and not isinstance(wanted, bool) and actual is not None:
            assert actual == pytest.approx(wanted), (path, actual)
        else:
            assert actual == wanted, (path, actual)


def test_table_has_at_least_100_strings() -> None:
    assert len(ROWS) >= 100
    assert len({text for text, _ in ROWS}) == len(ROWS)


@pytest.mark.parametrize(("text", "_"), ROWS, ids=[row[0][:60] for row in ROWS])
def test_category_is_from_the_vocabulary(text: str, _: dict[str, Any]) -> None:
    category = parse_item(text).category
    assert category is None or category in CATEGORIES


def test_mme_factor_follows_the_cdc_table_in_force() -> None:
    text = "Tramadol 50 mg 1 po q6h #120"
    assert parse_item(text, as_of=D(2015, 3, 1)).drug.daily_mme == pytest.approx(20)  # 0.1
    assert parse_item(text, as_of=D(2023, 3, 1)).drug.daily_mme == pytest.approx(40)  # 0.2


def test_request_serialises_for_the_letter() -> None:
    dumped = parse_item("Norco 10/325 mg #90").model_dump(mode="json", exclude_defaults=True)
    assert dumped["drug"]["generic"] == "hydrocodone/acetaminophen"


_PIECES = st.sampled_from([
    "Norco", "10/325", "mg", "#90", "q0h", "q4-6h", "1-2", "tabs", "PT", "2x3", "x", "0", "visits",
    "L4-5", "L0-9", "ESI", "7/29/2013", "13/45/2014", "between", "and", "%", "cream", "rental",
    "30-day", "purchase", "hrs/day", "days/week", "weeks", "post-op", "#", "/", "-", "(", ")",
    "Terocin", "compound", "bilateral", "right", "MRI", "without contrast", "TENS", "h-wave",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=8), max_size=12).map(" ".join))
def test_any_text_parses_without_error(text: str) -> None:
    request = parse_item(text)
    assert request.text == text
    assert request.category is None or request.category in CATEGORIES
    assert request.quantity is None or request.quantity >= 0
