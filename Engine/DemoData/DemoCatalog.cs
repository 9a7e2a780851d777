namespace LeadScoring.Engine.DemoData;

/// <summary>
/// Category frequencies of the real data (spec §1.2; counts out of 303) and the text material of the
/// synthetic leads. Long tails are shortened, keeping the top categories and their shares.
/// </summary>
internal static class DemoCatalog
{
    public static readonly Weighted Seniority = new(("Entry", 132), ("Mid", 118), ("Senior", 46), ("Executive", 7));

    public static readonly Weighted Geography = new(("international_hub", 202), ("other", 76), ("regional_hub", 25));

    public static readonly Weighted BusinessType = new(("others", 131), ("leaders", 73), ("experts", 50), ("workers", 34), ("salespeople", 15));

    public static readonly Weighted CompanyFit = new(("0", 139), ("1", 102), ("2", 62));

    public static readonly Weighted LlmIndustry = new(
        ("Unknown", 57), ("Software Development", 34), ("Law Practice", 12), ("IT Services and IT Consulting", 10),
        ("Technology - SaaS", 7), ("Business Consulting and Services", 6), ("Financial Services", 6), ("Consulting", 5),
        ("Technology - AI", 5), ("Staffing and Recruiting", 5), ("Education", 5), ("Advertising Services", 4),
        ("Higher Education", 4), ("Venture Capital and Private Equity", 4), ("Technology - Software Development", 4),
        ("Marketing Services", 4), ("Government Administration", 3), ("Research Services", 3), ("Health Care", 3),
        ("Professional Training and Coaching", 3), ("Civic and Social Organizations", 3), ("Entertainment", 3),
        ("Renewable Energy", 2), ("Legal Technology", 2), ("Transportation", 2), ("Blockchain Technology", 2),
        ("Computer Games", 2), ("Aerospace and Defense", 2), ("Freelance", 2), ("Technology - Startups", 2));

    public static readonly Weighted Industry = new(
        ("Computer Software", 56), ("Information Technology & Services", 41), ("Management Consulting", 29),
        ("Law Practice", 20), ("Marketing & Advertising", 17), ("Internet", 12), ("Financial Services", 10),
        ("Higher Education", 9), ("Staffing & Recruiting", 8), ("Legal Services", 8), ("Telecommunications", 7),
        ("Research", 6), ("Venture Capital & Private Equity", 6), ("Human Resources", 5), ("Banking", 5),
        ("Professional Training & Coaching", 5), ("Government Administration", 4), ("E-Learning", 4),
        ("Hospital & Health Care", 4), ("Nonprofit Organization Management", 4), (null, 8));

    public static readonly Weighted CompanyIndustry = new(
        ("Software Development", 48), ("IT Services and IT Consulting", 16), ("Law Practice", 13),
        ("Business Consulting and Services", 12), ("Technology, Information and Internet", 10), ("Financial Services", 8),
        ("Advertising Services", 7), ("Staffing and Recruiting", 6), ("Higher Education", 6), ("Legal Services", 6),
        ("Research Services", 5), ("Venture Capital and Private Equity Principals", 5), ("Telecommunications", 4),
        ("Government Administration", 4), ("Non-profit Organizations", 4), ("E-Learning Providers", 4),
        ("Marketing Services", 4), ("Hospitals and Health Care", 3), ("Banking", 3), ("Human Resources Services", 3));

    public static readonly Weighted CompanySize = new(
        ("2-10", 41), ("11-50", 36), ("1001-5000", 28), ("51-200", 26), ("201-500", 18), ("501-1000", 14), ("5001-10000", 7));

    public static readonly Weighted CompanyType = new(
        ("Privately Held", 96), ("Public Company", 26), ("Partnership", 26), ("Sole Proprietorship", 14),
        ("Government Agency", 11), ("Educational Institution", 11), ("Nonprofit", 10), ("Self-Employed", 8));

    public static readonly Weighted Location = new(
        ("Paris, Île-de-France, France", 137), ("Greater Paris Metropolitan Region, France", 61), ("France", 50),
        ("Lyon, Auvergne-Rhône-Alpes, France", 8), ("Boulogne-Billancourt, Île-de-France, France", 5),
        ("London, England, United Kingdom", 5), ("Neuilly-sur-Seine, Île-de-France, France", 4),
        ("Marseille, Provence-Alpes-Côte d'Azur, France", 4), ("Levallois-Perret, Île-de-France, France", 4),
        ("Bordeaux, Nouvelle-Aquitaine, France", 3), ("Lille, Hauts-de-France, France", 3),
        ("Nantes, Pays de la Loire, France", 3), ("Toulouse, Occitanie, France", 3), ("Brussels, Brussels Region, Belgium", 3),
        ("Geneva, Geneva, Switzerland", 2), ("New York, New York, United States", 2), ("Montreal, Quebec, Canada", 2));

    public static readonly Weighted CompanyLocation = new(
        ("Paris, FR", 89), ("Puteaux, FR", 6), ("Boulogne-Billancourt, FR", 6), ("Lyon, FR", 6), ("London, GB", 5),
        ("Levallois-Perret, FR", 5), ("Neuilly-sur-Seine, FR", 4), ("Issy-les-Moulineaux, FR", 4), ("San Francisco, US", 4),
        ("Courbevoie, FR", 4), ("Marseille, FR", 3), ("New York, US", 3), ("Bordeaux, FR", 3), ("Nantes, FR", 3),
        ("Lille, FR", 3), ("Toulouse, FR", 3), ("Brussels, BE", 3), ("Geneva, CH", 3), ("Berlin, DE", 2),
        ("Amsterdam, NL", 2), ("Montreal, CA", 2), ("Saint-Denis, FR", 2));

    public static readonly string[] FrenchLanguages = ["Français", "Anglais", "Espagnol", "Allemand", "Italien", "Arabe", "Chinois", "Portugais"];

    public static readonly string[] EnglishLanguages = ["French", "English", "Spanish", "German", "Italian", "Arabic", "Chinese", "Portuguese"];

    public static readonly string[] Skills =
    [
        "Leadership", "Management", "Gestion de projet", "Stratégie commerciale", "Business Development", "SaaS", "CRM",
        "Négociation", "Marketing digital", "Growth Hacking", "Python", "JavaScript", "Java", "SQL", "Cloud Computing",
        "Machine Learning", "Data Analysis", "Droit des affaires", "Droit commercial", "Rédaction de contrats",
        "Vente aux dirigeants", "Relations avec les dirigeants", "Pre-sales", "Prospection", "Recrutement",
        "Ressources humaines", "Finance", "Comptabilité", "Product Management", "UX Design", "Agile Methodologies",
        "Scrum", "DevOps", "Public Speaking", "Customer Success", "Account Management", "Start-ups", "Entrepreneuriat",
        "Automatisation marketing", "Sales automation",
    ];

    /// <summary>Job titles by seniority: they exercise every role flag and its substring quirks.</summary>
    public static readonly Dictionary<string, string[]> JobTitles = new(StringComparer.Ordinal)
    {
        ["Entry"] =
        [
            "Business Developer", "Sales Development Representative", "Junior Developer", "Marketing Assistant",
            "Stagiaire", "Analyste", "Consultant", "Chargée de clientèle", "Software Engineer", "Account Executive",
            "Juriste", "Alternant Growth Marketing", "Data Analyst", "Assistant Manager", "Office Manager",
        ],
        ["Mid"] =
        [
            "Product Manager", "Software Engineer", "Data Scientist", "Growth Marketing Manager", "Avocat", "Juriste",
            "Senior Consultant", "Tech Lead", "Key Account Manager", "Business Development Manager", "Full Stack Developer",
            "Chef de projet", "Customer Success Manager", "Recruteuse", "Lead Solutions Engineer",
        ],
        ["Senior"] =
        [
            "Head of Sales", "Engineering Manager", "Director of Marketing", "Solutions Architect", "Senior Developer",
            "Lead Data Engineer", "Directeur commercial", "Team Leader", "Avocat associé", "Head of Growth",
            "Sales Director", "Principal Engineer", "Director, Commercial legal affairs",
        ],
        ["Executive"] =
        [
            "CEO", "Founder & CEO", "Co-Founder", "CTO", "VP Sales", "Vice President Engineering", "Managing Director",
            "Co-fondateur", "CMO", "Président", "Founder", "Co-founder & CTO", "Directeur général",
        ],
        ["C-Level"] = ["CEO", "CTO", "CMO", "Chief Revenue Officer", "Président-directeur général", "Chief Operating Officer"],
    };

    /// <summary>Summary sentences; accents, an emoji and apostrophes make code-point counting matter.</summary>
    public static readonly string[] SummarySentences =
    [
        "Experienced sales professional with a demonstrated history of working in the software industry.",
        "Passionné par l'innovation et la transformation digitale des entreprises.",
        "I help B2B companies grow their revenue through outbound prospecting and automation.",
        "Avocat au barreau de Paris, j'accompagne les start-ups dans leurs levées de fonds.",
        "Strong engineering professional skilled in Python, cloud architecture and data pipelines.",
        "Plus de 10 ans d'expérience en gestion de projet et en conduite du changement.",
        "Building products that customers love 🚀",
        "Focused on result-driven objectives and long-term client relationships.",
        "Spécialisé en droit des affaires, contrats commerciaux et propriété intellectuelle.",
        "Former founder, now helping teams scale their go-to-market strategy.",
        "Curious, rigorous and team-oriented; always learning.",
        "J'aide les dirigeants à structurer leur stratégie commerciale et marketing.",
        "Background in consulting, with a strong interest in AI and automation.",
        "Mentor for early-stage start-ups and speaker at tech events.",
        "Expert en recrutement de profils tech et en marque employeur.",
        "Data-driven marketer with experience in growth, SEO and paid acquisition.",
        "Enseignant-chercheur, intéressé par les usages de l'IA dans l'éducation.",
        "Let's connect to talk about sales, SaaS and the future of work ✨",
    ];
}
