<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Pictor</source>
        <translation>关于 Pictor</translation>
    </message>
    <message>
        <source>Build photo datasets, train image classifiers, search photos by meaning and train language models on your own text, offline.</source>
        <translation>整理照片数据集、训练图像分类器、按内容搜索照片，并用你自己的文字训练语言模型——全部离线完成。</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>not available</source>
        <translation>不可用</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>Pictor</source>
        <translation>Pictor</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
</context>
<context>
    <name>JobRow</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Waiting for the jobs before it to finish…</source>
        <translation>正在等待前面的任务完成…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>已完成。</translation>
    </message>
</context>
<context>
    <name>JobsDock</name>
    <message>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
</context>
<context>
    <name>JobsPanel</name>
    <message>
        <source>{n} s left</source>
        <translation>还剩 {n} 秒</translation>
    </message>
    <message>
        <source>{n} min left</source>
        <translation>还剩 {n} 分钟</translation>
    </message>
    <message>
        <source>{h} h {m} min left</source>
        <translation>还剩 {h} 小时 {m} 分钟</translation>
    </message>
    <message>
        <source>Running: {running}   Waiting: {waiting}</source>
        <translation>运行中：{running}   等待中：{waiting}</translation>
    </message>
    <message>
        <source>No jobs are running.</source>
        <translation>没有正在运行的任务。</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>清除已结束的任务</translation>
    </message>
</context>
<context>
    <name>LogDialog</name>
    <message>
        <source>Pictor log</source>
        <translation>Pictor 日志</translation>
    </message>
    <message>
        <source>Full log file: {path}</source>
        <translation>完整日志文件：{path}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>“{path}” was not found and was removed from the recent projects.</source>
        <translation>找不到“{path}”，已将它从最近的项目中移除。</translation>
    </message>
    <message>
        <source>Opened {name}.</source>
        <translation>已打开 {name}。</translation>
    </message>
    <message>
        <source>Project: {name}</source>
        <translation>项目：{name}</translation>
    </message>
    <message>
        <source>Open or create a project first, then drop your photos onto it.</source>
        <translation>请先打开或新建一个项目，再把照片拖进来。</translation>
    </message>
    <message>
        <source>Nothing in this project can use the dropped files.</source>
        <translation>这个项目中没有能处理这些文件的地方。</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>No recent projects</source>
        <translation>没有最近的项目</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近的项目(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;New project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Close project</source>
        <translation>关闭项目(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>偏好设置(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>日志(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;About Pictor</source>
        <translation>关于 Pictor(&amp;A)</translation>
    </message>
    <message>
        <source>Open log &amp;folder</source>
        <translation>打开日志文件夹(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Undo {action}</source>
        <translation>撤销“{action}”(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo {action}</source>
        <translation>重做“{action}”(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
</context>
<context>
    <name>OverviewPane</name>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>Format version:</source>
        <translation>格式版本：</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>创建时间：</translation>
    </message>
    <message>
        <source>Next, add photos: drop photos or folders anywhere on this window. Then sort them into classes, train a classifier on them, or search them by describing what is in a picture.</source>
        <translation>下一步：添加照片——把照片或文件夹拖到窗口的任意位置。之后就可以把它们分类、用它们训练分类器，或者描述画面内容来搜索照片。</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>偏好设置</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Compute on:</source>
        <translation>计算设备：</translation>
    </message>
    <message>
        <source>CPU threads for jobs:</source>
        <translation>任务使用的 CPU 线程数：</translation>
    </message>
    <message>
        <source>Model folder:</source>
        <translation>模型文件夹：</translation>
    </message>
    <message>
        <source>Looking for a GPU…</source>
        <translation>正在检测 GPU…</translation>
    </message>
    <message>
        <source>No GPU found: jobs run on the CPU.</source>
        <translation>未找到 GPU：任务将在 CPU 上运行。</translation>
    </message>
    <message>
        <source>GPU found: {name}</source>
        <translation>已找到 GPU：{name}</translation>
    </message>
    <message>
        <source>Choose the model folder</source>
        <translation>选择模型文件夹</translation>
    </message>
</context>
<context>
    <name>ProjectActions</name>
    <message>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>Name of the new project:</source>
        <translation>新项目的名称：</translation>
    </message>
    <message>
        <source>A project name cannot contain any of these characters: / \ : * ? &quot; &lt; &gt; |</source>
        <translation>项目名称不能包含以下字符：/ \ : * ? &quot; &lt; &gt; |</translation>
    </message>
    <message>
        <source>Choose where to keep the project folder</source>
        <translation>选择项目文件夹的存放位置</translation>
    </message>
    <message>
        <source>Open a project folder (NAME.pictor)</source>
        <translation>打开项目文件夹（名称.pictor）</translation>
    </message>
</context>
<context>
    <name>WelcomePane</name>
    <message>
        <source>Sort your photos into classes, train your own image classifier, and search your photos by describing what is in them.</source>
        <translation>把照片分门别类，训练属于你自己的图像分类器，还能用文字描述画面内容来搜索照片。</translation>
    </message>
    <message>
        <source>New project…</source>
        <translation>新建项目…</translation>
    </message>
    <message>
        <source>Open project…</source>
        <translation>打开项目…</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>最近的项目</translation>
    </message>
    <message>
        <source>No recent projects yet. A project is a folder ending in .pictor; your photos stay where they are.</source>
        <translation>还没有最近的项目。项目是一个以 .pictor 结尾的文件夹，你的照片仍然留在原来的位置。</translation>
    </message>
    <message>
        <source>(not found — choose it to remove it from the list)</source>
        <translation>（找不到——选择它即可将其从列表中移除）</translation>
    </message>
</context>
<context>
    <name>engine</name>
    <message>
        <source>Something went wrong.</source>
        <translation>出了点问题。</translation>
    </message>
    <message>
        <source>The job “{title}” failed: {reason}</source>
        <translation>任务“{title}”失败：{reason}</translation>
    </message>
    <message>
        <source>The file cannot be opened</source>
        <translation>无法打开该文件</translation>
    </message>
    <message>
        <source>The file is empty</source>
        <translation>文件是空的</translation>
    </message>
    <message>
        <source>The file is not a photo</source>
        <translation>该文件不是照片</translation>
    </message>
    <message>
        <source>The file is truncated or damaged</source>
        <translation>文件不完整或已损坏</translation>
    </message>
    <message>
        <source>The image is too large to open safely ({pixels} pixels)</source>
        <translation>图像太大，无法安全打开（{pixels} 像素）</translation>
    </message>
    <message>
        <source>Permission denied</source>
        <translation>没有访问权限</translation>
    </message>
    <message>
        <source>The file disappeared</source>
        <translation>文件已不存在</translation>
    </message>
    <message>
        <source>The link leads round in a circle</source>
        <translation>链接形成了循环</translation>
    </message>
    <message>
        <source>The path is too long for this system</source>
        <translation>路径太长，本系统无法处理</translation>
    </message>
    <message>
        <source>The file cannot be read ({detail})</source>
        <translation>无法读取该文件（{detail}）</translation>
    </message>
    <message>
        <source>Making thumbnails</source>
        <translation>正在生成缩略图</translation>
    </message>
    <message>
        <source>The project cannot be opened.</source>
        <translation>无法打开该项目。</translation>
    </message>
    <message>
        <source>“{path}” is not a Pictor project. Choose a folder whose name ends in .pictor, or create a new project.</source>
        <translation>“{path}”不是 Pictor 项目。请选择名称以 .pictor 结尾的文件夹，或新建一个项目。</translation>
    </message>
    <message>
        <source>“{path}” already exists. Choose another name or open the existing project.</source>
        <translation>“{path}”已存在。请换一个名称，或打开现有的项目。</translation>
    </message>
    <message>
        <source>The project “{name}” is already open in another Pictor window (process {pid} on {host}). Close it there first.</source>
        <translation>项目“{name}”已在另一个 Pictor 窗口中打开（{host} 上的进程 {pid}）。请先在那里关闭它。</translation>
    </message>
    <message>
        <source>Pictor cannot write to the project folder “{path}”. Check that it is not read-only and that you have permission to change it.</source>
        <translation>Pictor 无法写入项目文件夹“{path}”。请确认它不是只读的，并且你有修改它的权限。</translation>
    </message>
    <message>
        <source>The project database cannot be used.</source>
        <translation>无法使用该项目的数据库。</translation>
    </message>
    <message>
        <source>This project was saved by a newer version of Pictor (format {found}, this version reads up to {supported}). Update Pictor to open it; the project was not changed.</source>
        <translation>这个项目由更新版本的 Pictor 保存（格式 {found}，当前版本最高只能读取 {supported}）。请更新 Pictor 后再打开；项目没有被改动。</translation>
    </message>
    <message>
        <source>The project database “{path}” is damaged ({detail}). Restore it from a backup; Pictor did not change it.</source>
        <translation>项目数据库“{path}”已损坏（{detail}）。请从备份中恢复；Pictor 没有改动它。</translation>
    </message>
    <message>
        <source>Pictor cannot write to “{path}”. Check that the folder is not read-only and that you have permission to change it.</source>
        <translation>Pictor 无法写入“{path}”。请确认该文件夹不是只读的，并且你有修改它的权限。</translation>
    </message>
    <message>
        <source>“{path}” cannot be read as text.</source>
        <translation>无法将“{path}”作为文本读取。</translation>
    </message>
    <message>
        <source>“{path}” is empty: it holds no text to learn from.</source>
        <translation>“{path}”是空的：里面没有可供学习的文本。</translation>
    </message>
    <message>
        <source>“{path}” is not a text file (it holds binary data). Choose a plain text file (.txt) saved as UTF-8, UTF-16 or GBK.</source>
        <translation>“{path}”不是文本文件（其中是二进制数据）。请选择以 UTF-8、UTF-16 或 GBK 编码保存的纯文本文件（.txt）。</translation>
    </message>
    <message>
        <source>“{path}” cannot be opened: {reason}. Check that it still exists.</source>
        <translation>无法打开“{path}”：{reason}。请确认它仍然存在。</translation>
    </message>
    <message>
        <source>None of the {count} chosen files holds usable text. First problem: {first}</source>
        <translation>所选的 {count} 个文件中都没有可用的文本。第一个问题：{first}</translation>
    </message>
    <message>
        <source>Reading {name}</source>
        <translation>正在读取 {name}</translation>
    </message>
    <message>
        <source>The setting “{name}” must be {rule} (it is {value}).</source>
        <translation>设置“{name}”必须{rule}（当前为 {value}）。</translation>
    </message>
    <message>
        <source>Writing text</source>
        <translation>正在生成文本</translation>
    </message>
    <message>
        <source>Write text</source>
        <translation>生成文本</translation>
    </message>
    <message>
        <source>The language model in “{path}” cannot be loaded ({reason}). Train it again or choose another run.</source>
        <translation>无法加载“{path}”中的语言模型（{reason}）。请重新训练，或选择另一次训练结果。</translation>
    </message>
    <message>
        <source>The project has no trained language model yet. Train one first with your text.</source>
        <translation>这个项目还没有训练好的语言模型。请先用你的文本训练一个。</translation>
    </message>
    <message>
        <source>The project has no language model called “{run}”. Choose one of: {runs}.</source>
        <translation>这个项目中没有名为“{run}”的语言模型。请从以下选择：{runs}。</translation>
    </message>
    <message>
        <source>Small (fast, rough)</source>
        <translation>小（快，较粗糙）</translation>
    </message>
    <message>
        <source>Medium (balanced)</source>
        <translation>中（均衡）</translation>
    </message>
    <message>
        <source>Large (slow, best with lots of text)</source>
        <translation>大（慢，适合大量文本）</translation>
    </message>
    <message>
        <source>The tokenizer files in “{path}” are missing or damaged.</source>
        <translation>“{path}”中的分词器文件缺失或已损坏。</translation>
    </message>
    <message>
        <source>Learning the vocabulary</source>
        <translation>正在学习词表</translation>
    </message>
    <message>
        <source>The search index in “{path}” cannot be used ({reason}); Pictor will rebuild it from the project.</source>
        <translation>“{path}”中的搜索索引无法使用（{reason}）；Pictor 将根据项目重新建立索引。</translation>
    </message>
    <message>
        <source>Downloading {title}</source>
        <translation>正在下载 {title}</translation>
    </message>
    <message>
        <source>Pictor does not know a model called “{name}”. Known models: {known}.</source>
        <translation>Pictor 不认识名为“{name}”的模型。已知的模型：{known}。</translation>
    </message>
    <message>
        <source>The model “{title}” ({size}) is not installed. Download it or import a weight file you already have in the Models window.</source>
        <translation>模型“{title}”（{size}）尚未安装。请在“模型”窗口中下载它，或导入你已有的权重文件。</translation>
    </message>
    <message>
        <source>The model “{title}” needs the Python package “{package}”, which is not installed in this copy of Pictor.</source>
        <translation>模型“{title}”需要 Python 包“{package}”，但当前的 Pictor 中没有安装它。</translation>
    </message>
    <message>
        <source>The file for “{title}” was not found on the server ({url}). The address may have changed; import the file instead if you have it.</source>
        <translation>服务器上找不到“{title}”的文件（{url}）。地址可能已经改变；如果你有这个文件，可以直接导入。</translation>
    </message>
    <message>
        <source>Downloading “{title}” failed: {reason}. What was already downloaded is kept; start the download again to continue.</source>
        <translation>下载“{title}”失败：{reason}。已下载的部分会保留；重新开始下载即可继续。</translation>
    </message>
    <message>
        <source>The server stopped sending “{title}” for {seconds} seconds. What was already downloaded is kept; start the download again to continue.</source>
        <translation>服务器已有 {seconds} 秒没有发送“{title}”的数据。已下载的部分会保留；重新开始下载即可继续。</translation>
    </message>
    <message>
        <source>The downloaded file {file} does not match its published checksum, so it was deleted. It may have been damaged on the way; try again.</source>
        <translation>下载的文件 {file} 与公布的校验和不符，已被删除。它可能在传输中损坏了，请重试。</translation>
    </message>
    <message>
        <source>The downloaded file {file} has {found} bytes instead of {expected}, so it was deleted; try again.</source>
        <translation>下载的文件 {file} 大小为 {found} 字节，而不是 {expected} 字节，已被删除；请重试。</translation>
    </message>
    <message>
        <source>The file {file} is empty.</source>
        <translation>文件 {file} 是空的。</translation>
    </message>
    <message>
        <source>The file {file} cannot be read: {reason}.</source>
        <translation>无法读取文件 {file}：{reason}。</translation>
    </message>
    <message>
        <source>The file {file} is damaged or is not a weight file (it may be cut off).</source>
        <translation>文件 {file} 已损坏或不是权重文件（可能不完整）。</translation>
    </message>
    <message>
        <source>Pictor refused to open {file}: besides weights it contains program code or other objects that could run on this computer. Nothing in it was run.</source>
        <translation>Pictor 拒绝打开 {file}：除了权重之外，它还包含可能在这台电脑上运行的程序代码或其他对象。其中的内容都没有被运行。</translation>
    </message>
    <message>
        <source>Pictor refused to open {file}: it is a TorchScript program, not a plain weight file. Use the .safetensors or .bin file of the same model instead.</source>
        <translation>Pictor 拒绝打开 {file}：它是 TorchScript 程序，而不是普通的权重文件。请改用同一模型的 .safetensors 或 .bin 文件。</translation>
    </message>
    <message>
        <source>The file {file} holds no weights (no tensors were found in it).</source>
        <translation>文件 {file} 中没有权重（找不到任何张量）。</translation>
    </message>
    <message>
        <source>The file {file} does not fit “{title}”: layer {layer} has shape {found}, but the model needs {expected}.</source>
        <translation>文件 {file} 与“{title}”不匹配：层 {layer} 的形状是 {found}，而模型需要 {expected}。</translation>
    </message>
    <message>
        <source>The file {file} does not fit “{title}”: {count} layers are missing, for example {layer}.</source>
        <translation>文件 {file} 与“{title}”不匹配：缺少 {count} 个层，例如 {layer}。</translation>
    </message>
    <message>
        <source>The file {file} does not fit “{title}”: it has {count} layers the model does not have, for example {layer}.</source>
        <translation>文件 {file} 与“{title}”不匹配：其中有 {count} 个模型中不存在的层，例如 {layer}。</translation>
    </message>
    <message>
        <source>The installed weights of “{title}” in {folder} are damaged ({reason}). Remove the model and download or import it again.</source>
        <translation>{folder} 中已安装的“{title}”权重已损坏（{reason}）。请移除该模型，然后重新下载或导入。</translation>
    </message>
    <message>
        <source>Published by the PyTorch team with torchvision (BSD-3-Clause). Trained on ImageNet, whose terms allow non-commercial research use; check before commercial use.</source>
        <translation>由 PyTorch 团队随 torchvision 发布（BSD-3-Clause）。在 ImageNet 上训练，其条款允许非商业研究用途；商业使用前请先核实。</translation>
    </message>
    <message>
        <source>Published by LAION under the MIT licence (model card). Trained on uncurated web images and captions.</source>
        <translation>由 LAION 以 MIT 许可证发布（见模型卡）。在未经筛选的网络图片及其说明文字上训练。</translation>
    </message>
    <message>
        <source>ResNet-18 (ImageNet)</source>
        <translation>ResNet-18（ImageNet）</translation>
    </message>
    <message>
        <source>Image classifier backbone: small and fast, for training your classes.</source>
        <translation>图像分类骨干网络：小而快，用于训练你的类别。</translation>
    </message>
    <message>
        <source>ResNet-50 (ImageNet)</source>
        <translation>ResNet-50（ImageNet）</translation>
    </message>
    <message>
        <source>Image classifier backbone: more accurate, about three times slower.</source>
        <translation>图像分类骨干网络：更准确，速度约慢三倍。</translation>
    </message>
    <message>
        <source>CLIP ViT-B/32 (LAION-2B)</source>
        <translation>CLIP ViT-B/32（LAION-2B）</translation>
    </message>
    <message>
        <source>Photo search by description or by a similar photo (English).</source>
        <translation>通过文字描述或相似照片搜索照片（英文）。</translation>
    </message>
    <message>
        <source>CLIP ViT-B/32 (OpenAI)</source>
        <translation>CLIP ViT-B/32（OpenAI）</translation>
    </message>
    <message>
        <source>Photo search, alternative: OpenAI&apos;s original CLIP weights.</source>
        <translation>照片搜索的另一选择：OpenAI 原版 CLIP 权重。</translation>
    </message>
    <message>
        <source>Published by OpenAI under the MIT licence; trained on web images and captions that OpenAI has not released.</source>
        <translation>由 OpenAI 以 MIT 许可证发布；训练所用的网络图片和说明文字 OpenAI 尚未公开。</translation>
    </message>
    <message>
        <source>Multilingual CLIP ViT-B/32 (LAION-5B)</source>
        <translation>多语言 CLIP ViT-B/32（LAION-5B）</translation>
    </message>
    <message>
        <source>Photo search with descriptions in Chinese and about 100 other languages.</source>
        <translation>可用中文及约 100 种其他语言的描述搜索照片。</translation>
    </message>
    <message>
        <source>A class needs a name.</source>
        <translation>类别需要一个名称。</translation>
    </message>
    <message>
        <source>A class named “{name}” already exists.</source>
        <translation>已经有名为“{name}”的类别。</translation>
    </message>
    <message>
        <source>There is no class named “{name}”.</source>
        <translation>没有名为“{name}”的类别。</translation>
    </message>
    <message>
        <source>A hotkey is one of the digits 1 to 9.</source>
        <translation>快捷键必须是数字 1 到 9 之一。</translation>
    </message>
    <message>
        <source>“{colour}” is not a colour; use the form #RRGGBB.</source>
        <translation>“{colour}”不是颜色；请使用 #RRGGBB 格式。</translation>
    </message>
    <message>
        <source>Choose two different classes to merge.</source>
        <translation>请选择两个不同的类别进行合并。</translation>
    </message>
    <message>
        <source>Add class “{name}”</source>
        <translation>添加类别“{name}”</translation>
    </message>
    <message>
        <source>Rename class “{old}” to “{name}”</source>
        <translation>将类别“{old}”重命名为“{name}”</translation>
    </message>
    <message>
        <source>Change the colour of “{name}”</source>
        <translation>更改“{name}”的颜色</translation>
    </message>
    <message>
        <source>Change the hotkey of “{name}”</source>
        <translation>更改“{name}”的快捷键</translation>
    </message>
    <message>
        <source>Move class “{name}”</source>
        <translation>移动类别“{name}”</translation>
    </message>
    <message>
        <source>Delete class “{name}”</source>
        <translation>删除类别“{name}”</translation>
    </message>
    <message>
        <source>Merge “{source}” into “{target}”</source>
        <translation>将“{source}”合并到“{target}”</translation>
    </message>
    <message>
        <source>Label as “{name}”</source>
        <translation>标注为“{name}”</translation>
    </message>
    <message>
        <source>Remove label</source>
        <translation>移除标注</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Clear the skip mark</source>
        <translation>清除跳过标记</translation>
    </message>
    <message>
        <source>Put in the training set</source>
        <translation>放入训练集</translation>
    </message>
    <message>
        <source>Put in the validation set</source>
        <translation>放入验证集</translation>
    </message>
    <message>
        <source>Let Pictor choose the set</source>
        <translation>由 Pictor 选择数据集</translation>
    </message>
    <message>
        <source>The text is too short to train on: {tokens} tokens, at least {needed} are needed. Add more text.</source>
        <translation>文本太短，无法训练：只有 {tokens} 个词元，至少需要 {needed} 个。请添加更多文本。</translation>
    </message>
    <message>
        <source>Training stopped at step {step}: the loss became NaN. The best model so far is kept; try the Small preset or a lower learning rate.</source>
        <translation>训练在第 {step} 步停止：损失变成了 NaN。目前最好的模型已保留；请尝试“小”预设或更低的学习率。</translation>
    </message>
    <message>
        <source>Train language model {run}</source>
        <translation>训练语言模型 {run}</translation>
    </message>
    <message>
        <source>Preparing the text</source>
        <translation>正在准备文本</translation>
    </message>
    <message>
        <source>Epoch {epoch}, step {step}</source>
        <translation>第 {epoch} 轮，第 {step} 步</translation>
    </message>
    <message>
        <source>New sample at step {step}</source>
        <translation>第 {step} 步的新样例</translation>
    </message>
    <message>
        <source>Download {model}</source>
        <translation>下载 {model}</translation>
    </message>
    <message>
        <source>Import weights for {model}</source>
        <translation>为 {model} 导入权重</translation>
    </message>
    <message>
        <source>Checking {title}</source>
        <translation>正在检查 {title}</translation>
    </message>
    <message>
        <source>“{title}” ships with Pictor in {folder} and cannot be removed here.</source>
        <translation>“{title}”随 Pictor 一起安装在 {folder} 中，无法在这里移除。</translation>
    </message>
    <message>
        <source>“{title}” is being downloaded; cancel the download first.</source>
        <translation>“{title}”正在下载；请先取消下载。</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>installed, not verified</source>
        <translation>已安装，未校验</translation>
    </message>
    <message>
        <source>not installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <source>downloading</source>
        <translation>正在下载</translation>
    </message>
    <message>
        <source>“{title}” is already being downloaded.</source>
        <translation>“{title}”已经在下载中。</translation>
    </message>
    <message>
        <source>Type some text to search for.</source>
        <translation>请输入要搜索的文字。</translation>
    </message>
    <message>
        <source>The training text of this model cannot be read any more ({reason}), so there is nothing to search.</source>
        <translation>这个模型的训练文本已无法读取（{reason}），因此没有可搜索的内容。</translation>
    </message>
    <message>
        <source>Reading sentences</source>
        <translation>正在读取句子</translation>
    </message>
    <message>
        <source>Index sentences</source>
        <translation>为句子建立索引</translation>
    </message>
    <message>
        <source>Already in the library as “{path}”</source>
        <translation>已在照片库中，位于“{path}”</translation>
    </message>
    <message>
        <source>The same photo as “{path}” earlier in this import</source>
        <translation>与本次导入中较早的“{path}”是同一张照片</translation>
    </message>
    <message>
        <source>The link points to a file that does not exist</source>
        <translation>链接指向的文件不存在</translation>
    </message>
    <message>
        <source>“{path}” is a different photo, so it was not linked</source>
        <translation>“{path}”是另一张照片，因此没有关联</translation>
    </message>
    <message>
        <source>“{path}” is already in the library as another photo</source>
        <translation>“{path}”已作为另一张照片存在于照片库中</translation>
    </message>
    <message>
        <source>There is no photo “{photo}” in the project.</source>
        <translation>项目中没有照片“{photo}”。</translation>
    </message>
    <message>
        <source>The folder “{path}” is not empty. Choose an empty or new folder for the export.</source>
        <translation>文件夹“{path}”不是空的。请选择一个空文件夹或新文件夹来导出。</translation>
    </message>
    <message>
        <source>No labelled photos to export. Label some photos first.</source>
        <translation>没有已标注的照片可导出。请先标注一些照片。</translation>
    </message>
    <message>
        <source>Import photos</source>
        <translation>导入照片</translation>
    </message>
    <message>
        <source>Importing {count} photos</source>
        <translation>正在导入 {count} 张照片</translation>
    </message>
    <message>
        <source>Looking for photos: {count} found</source>
        <translation>正在查找照片：已找到 {count} 张</translation>
    </message>
    <message>
        <source>Make thumbnails</source>
        <translation>生成缩略图</translation>
    </message>
    <message>
        <source>Check photo files</source>
        <translation>检查照片文件</translation>
    </message>
    <message>
        <source>Checking photo files</source>
        <translation>正在检查照片文件</translation>
    </message>
    <message>
        <source>Relink moved photos</source>
        <translation>重新关联已移动的照片</translation>
    </message>
    <message>
        <source>Relinking photos</source>
        <translation>正在重新关联照片</translation>
    </message>
    <message>
        <source>Remove from the library</source>
        <translation>从照片库中移除</translation>
    </message>
    <message>
        <source>Export the dataset</source>
        <translation>导出数据集</translation>
    </message>
    <message>
        <source>Exporting photos</source>
        <translation>正在导出照片</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Something unexpected went wrong ({kind}). Use “Copy details” to report it; the details are also in the log.</source>
        <translation>发生了意外错误（{kind}）。请用“复制详细信息”报告此问题；详细信息也已写入日志。</translation>
    </message>
</context>
</TS>
